/**
 * The HTTP request Event Grid sends to a webhook for one batch: body in the subscription's schema and the `aeg-*`
 * headers, plus the subscription's delivery attribute mappings.
 */
import {
  EVENT_GRID_METADATA_VERSION,
  EventContentTypes,
  type EventGridEvent,
  toCloudEvent,
} from '@scout-acr/sdk/events';
import { resolveFilterKey } from './filter.js';
import type { SubscriptionConfig } from './subscription-config.js';

export interface DeliveryRequest {
  body: string;
  headers: Record<string, string>;
}

/** Headers from `deliveryAttributeMappings`: static values, or `data.*` fields of the (first) event. */
export function deliveryAttributeHeaders(
  subscription: Pick<SubscriptionConfig, 'deliveryAttributeMappings'>,
  event: EventGridEvent,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const mapping of subscription.deliveryAttributeMappings) {
    if (mapping.type === 'Static') {
      headers[mapping.name] = mapping.value;
      continue;
    }
    const { found, value } = resolveFilterKey(event, mapping.sourceField);
    // A source field the event lacks adds no header.
    if (!found || value === null) continue;
    headers[mapping.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return headers;
}

/**
 * Builds the request for one attempt. `deliveryCount` is the number of earlier attempts (`aeg-delivery-count`,
 * 0 on the first). CloudEvents subscriptions get batch mode when they allow more than one event per batch,
 * structured mode (a single object) otherwise.
 */
export function buildDeliveryRequest(
  subscription: Pick<SubscriptionConfig, 'name' | 'schema' | 'maxEventsPerBatch' | 'deliveryAttributeMappings'>,
  events: readonly EventGridEvent[],
  deliveryCount: number,
): DeliveryRequest {
  const [first] = events;
  if (first === undefined) throw new Error('buildDeliveryRequest: empty batch');
  let body: string;
  let contentType: string;
  if (subscription.schema === 'CloudEventSchemaV1_0') {
    const cloudEvents = events.map((event) => toCloudEvent(event));
    const batchMode = subscription.maxEventsPerBatch > 1;
    body = JSON.stringify(batchMode ? cloudEvents : cloudEvents[0]);
    contentType = batchMode ? EventContentTypes.cloudEventBatch : EventContentTypes.cloudEvent;
  } else {
    body = JSON.stringify(events);
    contentType = EventContentTypes.eventGrid;
  }
  return {
    body,
    headers: {
      ...deliveryAttributeHeaders(subscription, first),
      'Content-Type': contentType,
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': subscription.name.toUpperCase(),
      'aeg-delivery-count': String(deliveryCount),
      'aeg-data-version': first.dataVersion,
      'aeg-metadata-version': first.metadataVersion ?? EVENT_GRID_METADATA_VERSION,
    },
  };
}
