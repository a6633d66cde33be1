import type { z } from 'zod';
import { eventParseErrorFromZod } from './errors.js';
import { EventTypes } from './event-types.js';
import type { ChartEventData, ImageDeletedEventData, ImagePushedEventData } from './schemas/container-registry.js';
import { chartEventDataSchema, imageEventDataSchema } from './schemas/container-registry.js';
import type { SubscriptionDeletedEventData, SubscriptionValidationEventData } from './schemas/event-grid-system.js';
import {
  subscriptionDeletedEventDataSchema,
  subscriptionValidationEventDataSchema,
} from './schemas/event-grid-system.js';

/** The `data` type of each known event type. */
export interface EventDataByType {
  'Microsoft.ContainerRegistry.ImagePushed': ImagePushedEventData;
  'Microsoft.ContainerRegistry.ImageDeleted': ImageDeletedEventData;
  'Microsoft.ContainerRegistry.ChartPushed': ChartEventData;
  'Microsoft.ContainerRegistry.ChartDeleted': ChartEventData;
  'Microsoft.EventGrid.SubscriptionValidationEvent': SubscriptionValidationEventData;
  'Microsoft.EventGrid.SubscriptionDeletedEvent': SubscriptionDeletedEventData;
}

const dataSchemas: Record<string, z.ZodType> = {
  [EventTypes.imagePushed]: imageEventDataSchema,
  [EventTypes.imageDeleted]: imageEventDataSchema,
  [EventTypes.chartPushed]: chartEventDataSchema,
  [EventTypes.chartDeleted]: chartEventDataSchema,
  [EventTypes.subscriptionValidation]: subscriptionValidationEventDataSchema,
  [EventTypes.subscriptionDeleted]: subscriptionDeletedEventDataSchema,
};

/**
 * Validates `data` for a known event type and returns it typed; unknown event types pass through untouched
 * (forward compatibility). Throws EventParseError naming the field, prefixed with `pathPrefix`.
 */
export function parseEventData(eventType: string, data: unknown, pathPrefix = 'data'): unknown {
  const schema = dataSchemas[eventType];
  if (schema === undefined) return data;
  const result = schema.safeParse(data);
  if (!result.success) throw eventParseErrorFromZod(result.error, pathPrefix);
  return result.data;
}

/** True when scout-acr has a data schema for `eventType`. */
export function isKnownEventType(eventType: string): eventType is keyof EventDataByType {
  return Object.hasOwn(dataSchemas, eventType);
}
