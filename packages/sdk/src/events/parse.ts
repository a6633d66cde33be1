import { EventParseError, eventParseErrorFromZod } from './errors.js';
import { parseEventData } from './event-data.js';
import type { EventDeliverySchema } from './event-types.js';
import type { NormalizedEvent } from './normalized-event.js';
import {
  type CloudEvent,
  cloudEventBatchSchema,
  cloudEventSchema,
  type EventGridEvent,
  eventGridEventArraySchema,
  eventGridEventSchema,
} from './schemas/envelope.js';

/** A request body as a webhook may hold it: already-parsed JSON, or the raw text/bytes. */
export type EventBody = unknown;

/** Parses raw text/bytes as JSON; anything else is taken as already parsed. */
export function decodeEventBody(body: EventBody): unknown {
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  if (text === undefined) return body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EventParseError([{ path: '', message: 'body is not valid JSON' }], { cause: error });
  }
}

/** Validates the `data` of every known event type in place, naming the field of the first bad one. */
function withParsedData<T extends { data?: unknown }>(
  event: T,
  type: string,
  pathPrefix: string,
): T & { data: unknown } {
  return { ...event, data: parseEventData(type, event.data, `${pathPrefix}data`) };
}

/**
 * Parses an Event Grid schema body (a JSON array) into events whose `data` is validated for known types.
 * @throws EventParseError naming the offending field, e.g. `[0].data.target.digest`.
 */
export function parseEventGridEvents(body: EventBody): EventGridEvent[] {
  return eventGridEventsOf(decodeEventBody(body));
}

/** parseEventGridEvents of an already-decoded body. */
export function eventGridEventsOf(decoded: unknown): EventGridEvent[] {
  const result = eventGridEventArraySchema.safeParse(decoded);
  if (!result.success) throw eventParseErrorFromZod(result.error);
  return result.data.map((event, index) => withParsedData(event, event.eventType, `[${index}].`));
}

/** Parses a single Event Grid schema event (not an array). */
export function parseEventGridEvent(value: EventBody): EventGridEvent {
  const result = eventGridEventSchema.safeParse(decodeEventBody(value));
  if (!result.success) throw eventParseErrorFromZod(result.error);
  return withParsedData(result.data, result.data.eventType, '');
}

/**
 * Parses CloudEvents 1.0 structured JSON: one event (object) or a batch (array).
 * @throws EventParseError naming the offending field.
 */
export function parseCloudEvents(body: EventBody): CloudEvent[] {
  return cloudEventsOf(decodeEventBody(body));
}

/** parseCloudEvents of an already-decoded body. */
export function cloudEventsOf(decoded: unknown): CloudEvent[] {
  if (Array.isArray(decoded)) {
    const result = cloudEventBatchSchema.safeParse(decoded);
    if (!result.success) throw eventParseErrorFromZod(result.error);
    return result.data.map((event, index) => withParsedData(event, event.type, `[${index}].`));
  }
  const result = cloudEventSchema.safeParse(decoded);
  if (!result.success) throw eventParseErrorFromZod(result.error);
  return [withParsedData(result.data, result.data.type, '')];
}

/** Puts an Event Grid schema event under the common names. */
export function normalizeEventGridEvent(event: EventGridEvent): NormalizedEvent {
  return {
    schema: 'EventGridSchema',
    id: event.id,
    type: event.eventType,
    source: event.topic,
    subject: event.subject,
    time: event.eventTime,
    dataVersion: event.dataVersion,
    data: event.data,
    raw: event,
  };
}

/** Puts a CloudEvent under the common names. */
export function normalizeCloudEvent(event: CloudEvent): NormalizedEvent {
  return {
    schema: 'CloudEventSchemaV1_0',
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject ?? '',
    time: event.time,
    dataVersion: undefined,
    data: event.data,
    raw: event,
  };
}

/** Which schema a body is in, from its Content-Type first and its shape otherwise. */
export function detectEventSchema(decoded: unknown, contentType: string | undefined): EventDeliverySchema {
  const type = contentType?.toLowerCase() ?? '';
  if (type.includes('application/cloudevents')) return 'CloudEventSchemaV1_0';
  const first = Array.isArray(decoded) ? decoded[0] : decoded;
  if (first !== null && typeof first === 'object' && 'specversion' in first) return 'CloudEventSchemaV1_0';
  return 'EventGridSchema';
}
