import { EventParseError } from './errors.js';
import type { AegEventType, EventDeliverySchema } from './event-types.js';
import { EventTypes } from './event-types.js';
import { fastCloudEvents, fastEventGridEvents } from './fast-path.js';
import type { KnownNormalizedEvent, NormalizedEvent } from './normalized-event.js';
import {
  cloudEventsOf,
  decodeEventBody,
  detectEventSchema,
  type EventBody,
  eventGridEventsOf,
  normalizeCloudEvent,
  normalizeEventGridEvent,
} from './parse.js';

/** Request headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain record give them. */
export type EventHeaders =
  | Headers
  | Record<string, string | string[] | number | undefined>
  | { get(name: string): string | null };

/** A parsed Event Grid delivery (one webhook POST). */
export interface EventGridDelivery {
  /** `aeg-event-type`: from the header, or inferred from the events when the header is missing. */
  aegEventType: AegEventType;
  schema: EventDeliverySchema;
  events: NormalizedEvent[];
  /** Present for a SubscriptionValidation delivery: answer 200 `{ validationResponse: validationCode }`. */
  validation: { validationCode: string; validationUrl: string | undefined } | undefined;
  /** `aeg-delivery-count` (0 on the first attempt), when present. */
  deliveryCount: number | undefined;
  /** `aeg-subscription-name` (Azure sends it upper-case), when present. */
  subscriptionName: string | undefined;
}

const aegEventTypes = new Set<string>(['SubscriptionValidation', 'Notification', 'SubscriptionDeletion']);

/** Reads one header case-insensitively from any of the supported header shapes. */
export function readHeader(headers: EventHeaders | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  const record = headers as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // The length test skips most keys without lower-casing them (this runs for every webhook delivery).
    if (key.length !== lower.length || key.toLowerCase() !== lower) continue;
    const value = record[key];
    if (value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }
  return undefined;
}

function inferAegEventType(events: NormalizedEvent[]): AegEventType {
  if (events.some((event) => event.type === EventTypes.subscriptionValidation)) return 'SubscriptionValidation';
  if (events.some((event) => event.type === EventTypes.subscriptionDeleted)) return 'SubscriptionDeletion';
  return 'Notification';
}

/**
 * Parses the body and headers of an Event Grid webhook delivery in either schema (Event Grid schema array,
 * CloudEvents single or batch) into normalized events, validating the data of every known event type.
 * @throws EventParseError (status 400) naming the offending field.
 */
export function parseEventGridDelivery(body: EventBody, headers?: EventHeaders): EventGridDelivery {
  // Objects decoded here from text belong to this call, so the fast path may hand them out as they are; a body
  // the caller already parsed always goes through zod (which returns copies).
  const fromText = typeof body === 'string' || body instanceof Uint8Array;
  const decoded = decodeEventBody(body);
  const schema = detectEventSchema(decoded, readHeader(headers, 'content-type'));
  const events =
    schema === 'CloudEventSchemaV1_0'
      ? ((fromText ? fastCloudEvents(decoded) : undefined) ?? cloudEventsOf(decoded)).map(normalizeCloudEvent)
      : ((fromText ? fastEventGridEvents(decoded) : undefined) ?? eventGridEventsOf(decoded)).map(
          normalizeEventGridEvent,
        );

  const header = readHeader(headers, 'aeg-event-type');
  if (header !== undefined && !aegEventTypes.has(header)) {
    throw new EventParseError([{ path: 'aeg-event-type', message: `unknown value '${header}'` }]);
  }
  const aegEventType = (header as AegEventType | undefined) ?? inferAegEventType(events);

  let validation: EventGridDelivery['validation'];
  if (aegEventType === 'SubscriptionValidation') {
    const event = events.find(
      (e): e is KnownNormalizedEvent<typeof EventTypes.subscriptionValidation> =>
        e.type === EventTypes.subscriptionValidation,
    );
    if (event === undefined) {
      throw new EventParseError([
        {
          path: 'eventType',
          message: `a SubscriptionValidation delivery needs a ${EventTypes.subscriptionValidation}`,
        },
      ]);
    }
    validation = { validationCode: event.data.validationCode, validationUrl: event.data.validationUrl };
  }

  const countHeader = readHeader(headers, 'aeg-delivery-count');
  const deliveryCount = countHeader === undefined ? undefined : Number.parseInt(countHeader, 10);
  return {
    aegEventType,
    schema,
    events,
    validation,
    deliveryCount: deliveryCount === undefined || Number.isNaN(deliveryCount) ? undefined : deliveryCount,
    subscriptionName: readHeader(headers, 'aeg-subscription-name'),
  };
}

/** The body to answer a SubscriptionValidation delivery with (status 200). */
export function subscriptionValidationResponse(delivery: EventGridDelivery): { validationResponse: string } {
  if (delivery.validation === undefined) {
    throw new EventParseError([{ path: 'aeg-event-type', message: 'not a SubscriptionValidation delivery' }]);
  }
  return { validationResponse: delivery.validation.validationCode };
}

/**
 * Headers that answer the CloudEvents webhook abuse-protection handshake (HTTP OPTIONS with
 * `WebHook-Request-Origin`), which Event Grid uses instead of a validation event for CloudEvents subscriptions.
 */
export function cloudEventsHandshakeHeaders(requestHeaders: EventHeaders): Record<string, string> {
  const origin = readHeader(requestHeaders, 'webhook-request-origin');
  if (origin === undefined) {
    throw new EventParseError([{ path: 'WebHook-Request-Origin', message: 'header is missing' }]);
  }
  return { 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*' };
}
