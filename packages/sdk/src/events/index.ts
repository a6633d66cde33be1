export * from './build.js';
export * from './convert.js';
export * from './delivery.js';
export * from './errors.js';
export * from './event-data.js';
export * from './event-types.js';
export * from './normalized-event.js';
export {
  decodeEventBody,
  detectEventSchema,
  type EventBody,
  normalizeCloudEvent,
  normalizeEventGridEvent,
  parseCloudEvents,
  parseEventGridEvent,
  parseEventGridEvents,
} from './parse.js';
export * from './schemas/index.js';
