import { eventDataSchemas } from './data-schemas.js';
import { compileFastCheck, type FastCheck } from './fast-check.js';
import {
  type CloudEvent,
  cloudEventBatchSchema,
  cloudEventSchema,
  type EventGridEvent,
  eventGridEventArraySchema,
} from './schemas/envelope.js';

// Compiled once from the same schemas the zod path uses (see fast-check.ts for why the two always agree).
const compiled = {
  eventGridArray: compileFastCheck(eventGridEventArraySchema),
  cloudEvent: compileFastCheck(cloudEventSchema),
  cloudEventBatch: compileFastCheck(cloudEventBatchSchema),
};
const dataChecks = new Map<string, FastCheck>(
  Object.entries(eventDataSchemas).flatMap(([type, schema]) => (schema ? [[type, compileFastCheck(schema)]] : [])),
);

/** Schema parts the fast path cannot judge, by schema (tests keep this empty). */
export function fastPathUnsupported(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, check] of [...Object.entries(compiled), ...dataChecks]) {
    if (check.unsupported.length > 0) out[name] = check.unsupported;
  }
  return out;
}

const dataPasses = (type: unknown, data: unknown): boolean => {
  const check = dataChecks.get(type as string);
  return check === undefined || check.test(data);
};

/**
 * The events of a JSON-decoded Event Grid schema body when the envelopes and the data of every known type pass
 * the precompiled checks, as they are (zod would return deep-equal copies); undefined when the zod parse must
 * decide (and name what is wrong).
 */
export function fastEventGridEvents(decoded: unknown): EventGridEvent[] | undefined {
  if (!compiled.eventGridArray.test(decoded)) return undefined;
  const events = decoded as EventGridEvent[];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as EventGridEvent;
    if (!dataPasses(event.eventType, event.data)) return undefined;
  }
  return events;
}

/** As fastEventGridEvents, for a CloudEvents body (one event or a batch). */
export function fastCloudEvents(decoded: unknown): CloudEvent[] | undefined {
  let events: CloudEvent[];
  if (Array.isArray(decoded)) {
    if (!compiled.cloudEventBatch.test(decoded)) return undefined;
    events = decoded as CloudEvent[];
  } else {
    if (!compiled.cloudEvent.test(decoded)) return undefined;
    events = [decoded as CloudEvent];
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as CloudEvent;
    if (!dataPasses(event.type, event.data)) return undefined;
  }
  return events;
}
