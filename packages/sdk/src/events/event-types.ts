/** Event type names Event Grid and Azure Container Registry use, as they appear on the wire. */
export const EventTypes = {
  imagePushed: 'Microsoft.ContainerRegistry.ImagePushed',
  imageDeleted: 'Microsoft.ContainerRegistry.ImageDeleted',
  chartPushed: 'Microsoft.ContainerRegistry.ChartPushed',
  chartDeleted: 'Microsoft.ContainerRegistry.ChartDeleted',
  subscriptionValidation: 'Microsoft.EventGrid.SubscriptionValidationEvent',
  subscriptionDeleted: 'Microsoft.EventGrid.SubscriptionDeletedEvent',
} as const;

/** One of the event types scout-acr knows by name. Other types are still accepted (forward compatibility). */
export type KnownEventType = (typeof EventTypes)[keyof typeof EventTypes];

/** The two delivery schemas an Event Grid subscription can use (`eventDeliverySchema`). */
export type EventDeliverySchema = 'EventGridSchema' | 'CloudEventSchemaV1_0';

/** Values of the `aeg-event-type` header Event Grid sets on every delivery. */
export type AegEventType = 'SubscriptionValidation' | 'Notification' | 'SubscriptionDeletion';

/** `dataVersion` Azure Container Registry puts on its events (official samples). */
export const CONTAINER_REGISTRY_DATA_VERSION = '2.0';
/** `metadataVersion` Event Grid stamps on Event Grid schema events. */
export const EVENT_GRID_METADATA_VERSION = '1';

/** Content types of Event Grid deliveries. */
export const EventContentTypes = {
  eventGrid: 'application/json; charset=utf-8',
  cloudEvent: 'application/cloudevents+json; charset=utf-8',
  cloudEventBatch: 'application/cloudevents-batch+json; charset=utf-8',
} as const;
