import { EVENT_GRID_METADATA_VERSION } from './event-types.js';
import type { CloudEvent, EventGridEvent } from './schemas/envelope.js';

/**
 * Converts an Event Grid schema event into the CloudEvents 1.0 event Event Grid delivers to a subscription with
 * `eventDeliverySchema: CloudEventSchemaV1_0`: `topic` → `source`, `eventType` → `type`, `eventTime` → `time`.
 * Field order follows the official CloudEvents samples.
 */
export function toCloudEvent<TData>(event: EventGridEvent<TData>): CloudEvent<TData> {
  return {
    source: event.topic,
    subject: event.subject,
    type: event.eventType,
    time: event.eventTime,
    id: event.id,
    data: event.data,
    specversion: '1.0',
  };
}

/** The reverse of toCloudEvent; `dataVersion` defaults to `''` since CloudEvents has no such field. */
export function toEventGridEvent<TData>(
  event: CloudEvent<TData>,
  options: { dataVersion?: string; metadataVersion?: string; eventTime?: string } = {},
): EventGridEvent<TData> {
  const eventTime = event.time ?? options.eventTime;
  if (eventTime === undefined) throw new TypeError('toEventGridEvent: the CloudEvent has no time');
  return {
    id: event.id,
    topic: event.source,
    subject: event.subject ?? '',
    eventType: event.type,
    data: event.data,
    dataVersion: options.dataVersion ?? '',
    metadataVersion: options.metadataVersion ?? EVENT_GRID_METADATA_VERSION,
    eventTime,
  };
}
