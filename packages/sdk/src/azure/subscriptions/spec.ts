/**
 * What an event subscription looks like to callers: the input spec (with the webhook URL as a Secret) and the
 * secret-free view returned by reads. Covers every field Docker's ARM template set, plus subject and advanced
 * filters, Entra (Azure AD) delivery auth, delivery attribute mappings, expiry and dead-lettering.
 */
import type { AdvancedFilterUnion } from '@azure/arm-eventgrid';
import type { Secret } from '../../secret/index.js';

/** An Event Grid advanced filter (`StringIn`, `NumberGreaterThan`, `IsNotNull`, …), as the Event Grid SDK types it. */
export type AdvancedFilter = AdvancedFilterUnion;

/** A header Event Grid adds to each delivery: a fixed value (optionally secret) or a value taken from the event. */
export type DeliveryAttributeMapping =
  | { type: 'Static'; name: string; value: string | Secret; isSecret?: boolean | undefined }
  | { type: 'Dynamic'; name: string; sourceField: string };

/** Webhook destination of a subscription. */
export interface WebhookDestination {
  endpointType: 'WebHook';
  /** The full webhook URL. It usually carries a secret: pass a Secret. Event Grid never returns it on reads. */
  endpointUrl: string | Secret;
  maxEventsPerBatch?: number | undefined;
  preferredBatchSizeInKilobytes?: number | undefined;
  /** Entra ID tenant whose token Event Grid puts in `Authorization: Bearer` on each delivery. */
  azureActiveDirectoryTenantId?: string | undefined;
  /** Entra ID application (id or URI) the delivery token is issued for. */
  azureActiveDirectoryApplicationIdOrUri?: string | undefined;
  deliveryAttributeMappings?: DeliveryAttributeMapping[] | undefined;
}

/** Which events the subscription receives. */
export interface EventSubscriptionFilterSpec {
  includedEventTypes?: string[] | undefined;
  subjectBeginsWith?: string | undefined;
  subjectEndsWith?: string | undefined;
  isSubjectCaseSensitive?: boolean | undefined;
  enableAdvancedFilteringOnArrays?: boolean | undefined;
  advancedFilters?: AdvancedFilter[] | undefined;
}

/** Where undeliverable events go: a blob container. */
export interface StorageBlobDeadLetterDestination {
  endpointType: 'StorageBlob';
  /** ARM id of the storage account. */
  resourceId: string;
  blobContainerName: string;
}

/** Event schema of deliveries. */
export type EventSubscriptionDeliverySchema = 'EventGridSchema' | 'CloudEventSchemaV1_0' | 'CustomInputSchema';

/** The full desired state of an event subscription (PUT). */
export interface EventSubscriptionSpec {
  destination: WebhookDestination;
  filter?: EventSubscriptionFilterSpec | undefined;
  labels?: string[] | undefined;
  eventDeliverySchema?: EventSubscriptionDeliverySchema | undefined;
  retryPolicy?: { maxDeliveryAttempts?: number | undefined; eventTimeToLiveInMinutes?: number | undefined } | undefined;
  deadLetterDestination?: StorageBlobDeadLetterDestination | undefined;
  /** When the subscription expires; absent = never. */
  expirationTimeUtc?: Date | string | undefined;
}

/** A partial change (PATCH): only the fields given are changed. */
export type EventSubscriptionPatch = Partial<EventSubscriptionSpec>;

/** A delivery attribute as read back: static secret values come back as Secret (Azure usually omits them). */
export type DeliveryAttributeMappingInfo =
  | { type: 'Static'; name: string; value: string | Secret | undefined; isSecret: boolean }
  | { type: 'Dynamic'; name: string; sourceField: string | undefined };

/** The destination as read back. Only the base URL is visible: the full URL needs `getFullUrl`. */
export interface WebhookDestinationInfo {
  endpointType: 'WebHook';
  /** The URL without its query string. */
  endpointBaseUrl: string | undefined;
  maxEventsPerBatch: number | undefined;
  preferredBatchSizeInKilobytes: number | undefined;
  azureActiveDirectoryTenantId: string | undefined;
  azureActiveDirectoryApplicationIdOrUri: string | undefined;
  deliveryAttributeMappings: DeliveryAttributeMappingInfo[] | undefined;
}

/** An event subscription as read back (secret-free). */
export interface EventSubscriptionInfo {
  id: string;
  name: string;
  /** ARM id of the topic. */
  topic: string | undefined;
  provisioningState: string | undefined;
  /** Webhook destinations in full; any other kind only by its `endpointType`. */
  destination: WebhookDestinationInfo | { endpointType: string } | undefined;
  filter: EventSubscriptionFilterSpec;
  labels: string[];
  eventDeliverySchema: string | undefined;
  retryPolicy: { maxDeliveryAttempts: number | undefined; eventTimeToLiveInMinutes: number | undefined };
  deadLetterDestination: StorageBlobDeadLetterDestination | { endpointType: string } | undefined;
  /** ISO 8601 */
  expirationTimeUtc: string | undefined;
}
