/**
 * Validation and defaults for event subscription properties (EventSubscriptionProperties of the 2025-02-15
 * swagger), and the write-only handling of webhook URLs: responses carry `endpointBaseUrl`, never `endpointUrl`.
 */
import { armErrors } from '../errors/arm-error.js';

const SCHEMAS = ['EventGridSchema', 'CustomInputSchema', 'CloudEventSchemaV1_0'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intInRange(value: unknown, min: number, max: number, name: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw armErrors.invalidRequest(`The value of '${name}' must be an integer between ${min} and ${max}.`, name);
  }
}

/** Checks a webhook URL: absolute https, or http on loopback (the test world). */
export function assertWebhookUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length === 0) {
    throw armErrors.invalidRequest(
      'The endpointUrl of a WebHook destination is required.',
      'destination.properties.endpointUrl',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw armErrors.invalidRequest(
      'The endpointUrl of a WebHook destination must be an absolute URL.',
      'destination.properties.endpointUrl',
    );
  }
  const loopbackHttp = parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopbackHttp) {
    throw armErrors.invalidRequest(
      'The endpointUrl of a WebHook destination must use https.',
      'destination.properties.endpointUrl',
    );
  }
  return url;
}

function normalizeDestination(dest: unknown, where: string): Json {
  if (!isObject(dest) || typeof dest.endpointType !== 'string') {
    throw armErrors.invalidRequest(`The ${where} must have an endpointType.`, where);
  }
  const props = isObject(dest.properties) ? { ...dest.properties } : {};
  if (dest.endpointType === 'WebHook') {
    assertWebhookUrl(props.endpointUrl);
    delete props.endpointBaseUrl;
    intInRange(props.maxEventsPerBatch, 1, 5000, 'maxEventsPerBatch');
    intInRange(props.preferredBatchSizeInKilobytes, 1, 1024, 'preferredBatchSizeInKilobytes');
    props.maxEventsPerBatch ??= 1;
    props.preferredBatchSizeInKilobytes ??= 64;
    if (props.deliveryAttributeMappings !== undefined && !Array.isArray(props.deliveryAttributeMappings)) {
      throw armErrors.invalidRequest('deliveryAttributeMappings must be an array.', 'deliveryAttributeMappings');
    }
  }
  return { ...dest, properties: props };
}

function normalizeFilter(filter: unknown): Json {
  if (filter !== undefined && !isObject(filter))
    throw armErrors.invalidRequest('The filter must be an object.', 'filter');
  const f: Json = { subjectBeginsWith: '', subjectEndsWith: '', isSubjectCaseSensitive: false, ...(filter ?? {}) };
  if (f.includedEventTypes !== undefined && f.includedEventTypes !== null) {
    if (!Array.isArray(f.includedEventTypes) || !f.includedEventTypes.every((t) => typeof t === 'string')) {
      throw armErrors.invalidRequest('includedEventTypes must be an array of strings.', 'filter.includedEventTypes');
    }
  }
  if (f.advancedFilters !== undefined) {
    if (
      !Array.isArray(f.advancedFilters) ||
      !f.advancedFilters.every((a) => isObject(a) && typeof a.operatorType === 'string' && typeof a.key === 'string')
    ) {
      throw armErrors.invalidRequest('Each advanced filter needs an operatorType and a key.', 'filter.advancedFilters');
    }
    if (f.advancedFilters.length > 25) {
      throw armErrors.invalidRequest('At most 25 advanced filters are allowed.', 'filter.advancedFilters');
    }
  }
  return f;
}

/** Validates `input` and applies Azure's defaults; returns the properties as stored (readOnly fields removed). */
export function normalizeSubscriptionProperties(input: unknown): Json {
  if (!isObject(input)) throw armErrors.invalidRequestContent('The request body must contain properties.');
  const out: Json = { ...input };
  delete out.topic;
  delete out.provisioningState;
  const withIdentity = isObject(out.deliveryWithResourceIdentity) ? out.deliveryWithResourceIdentity : undefined;
  if (out.destination === undefined && withIdentity === undefined) {
    throw armErrors.invalidRequest(
      'Either destination or deliveryWithResourceIdentity must be specified.',
      'destination',
    );
  }
  if (out.destination !== undefined) out.destination = normalizeDestination(out.destination, 'destination');
  if (withIdentity !== undefined) {
    out.deliveryWithResourceIdentity = {
      ...withIdentity,
      destination: normalizeDestination(withIdentity.destination, 'deliveryWithResourceIdentity.destination'),
    };
  }
  out.filter = normalizeFilter(out.filter);
  if (out.labels !== undefined && out.labels !== null && !Array.isArray(out.labels)) {
    throw armErrors.invalidRequest('labels must be an array of strings.', 'labels');
  }
  out.labels ??= null;
  out.eventDeliverySchema ??= 'EventGridSchema';
  if (!SCHEMAS.includes(out.eventDeliverySchema as string)) {
    throw armErrors.invalidRequest(
      `The eventDeliverySchema '${String(out.eventDeliverySchema)}' is invalid. Allowed values are ${SCHEMAS.join(', ')}.`,
      'eventDeliverySchema',
    );
  }
  const retry = isObject(out.retryPolicy) ? out.retryPolicy : {};
  intInRange(retry.maxDeliveryAttempts, 1, 30, 'retryPolicy.maxDeliveryAttempts');
  intInRange(retry.eventTimeToLiveInMinutes, 1, 1440, 'retryPolicy.eventTimeToLiveInMinutes');
  out.retryPolicy = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440, ...retry };
  if (out.deadLetterDestination !== undefined && !isObject(out.deadLetterDestination)) {
    throw armErrors.invalidRequest('deadLetterDestination must be an object.', 'deadLetterDestination');
  }
  return out;
}

/** PATCH semantics: top-level fields given in `update` replace the stored ones. */
export function mergeSubscriptionUpdate(current: Json, update: unknown): Json {
  if (!isObject(update)) throw armErrors.invalidRequestContent('The request body must be an object.');
  const merged: Json = { ...current };
  for (const [k, v] of Object.entries(update)) if (v !== undefined) merged[k] = v;
  return normalizeSubscriptionProperties(merged);
}

/** The webhook destination of stored properties (plain or with resource identity), if any. */
export function webhookDestination(props: Json): { endpointUrl: string; properties: Json } | undefined {
  const candidates = [
    props.destination,
    isObject(props.deliveryWithResourceIdentity) ? props.deliveryWithResourceIdentity.destination : undefined,
  ];
  for (const dest of candidates) {
    if (isObject(dest) && dest.endpointType === 'WebHook' && isObject(dest.properties)) {
      return { endpointUrl: dest.properties.endpointUrl as string, properties: dest.properties };
    }
  }
  return undefined;
}

/** The base URL Azure shows for a webhook: the URL without its query string and fragment. */
export function endpointBaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function hideDestinationSecrets(dest: unknown): unknown {
  if (!isObject(dest) || dest.endpointType !== 'WebHook' || !isObject(dest.properties)) return dest;
  const { endpointUrl, ...rest } = dest.properties;
  const properties: Json = { ...rest, endpointBaseUrl: endpointBaseUrl(endpointUrl as string) };
  if (Array.isArray(rest.deliveryAttributeMappings)) {
    properties.deliveryAttributeMappings = rest.deliveryAttributeMappings.map((m: Json) =>
      isObject(m) && isObject(m.properties) && m.properties.isSecret === true
        ? { ...m, properties: { ...m.properties, value: null } }
        : m,
    );
  }
  return { ...dest, properties };
}

/** Stored properties as GET/list/PUT responses show them: no endpointUrl, no secret header values. */
export function publicSubscriptionProperties(props: Json): Json {
  const out: Json = { ...props };
  if (out.destination !== undefined) out.destination = hideDestinationSecrets(out.destination);
  if (isObject(out.deliveryWithResourceIdentity)) {
    out.deliveryWithResourceIdentity = {
      ...out.deliveryWithResourceIdentity,
      destination: hideDestinationSecrets(out.deliveryWithResourceIdentity.destination),
    };
  }
  return out;
}
