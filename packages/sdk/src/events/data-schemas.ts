import type { z } from 'zod';
import { EventTypes } from './event-types.js';
import { chartEventDataSchema, imageEventDataSchema } from './schemas/container-registry.js';
import {
  subscriptionDeletedEventDataSchema,
  subscriptionValidationEventDataSchema,
} from './schemas/event-grid-system.js';

/**
 * The schema of `data` for each known event type (internal: parseEventData and the fast path share it). No
 * prototype, so an event type such as `toString` is an unknown type, not Object.prototype's method.
 */
export const eventDataSchemas: Readonly<Record<string, z.ZodType | undefined>> = Object.assign(Object.create(null), {
  [EventTypes.imagePushed]: imageEventDataSchema,
  [EventTypes.imageDeleted]: imageEventDataSchema,
  [EventTypes.chartPushed]: chartEventDataSchema,
  [EventTypes.chartDeleted]: chartEventDataSchema,
  [EventTypes.subscriptionValidation]: subscriptionValidationEventDataSchema,
  [EventTypes.subscriptionDeleted]: subscriptionDeletedEventDataSchema,
});
