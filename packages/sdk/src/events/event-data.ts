import { eventDataSchemas } from './data-schemas.js';
import { eventParseErrorFromZod } from './errors.js';
import type { ChartEventData, ImageDeletedEventData, ImagePushedEventData } from './schemas/container-registry.js';
import type { SubscriptionDeletedEventData, SubscriptionValidationEventData } from './schemas/event-grid-system.js';

/** The `data` type of each known event type. */
export interface EventDataByType {
  'Microsoft.ContainerRegistry.ImagePushed': ImagePushedEventData;
  'Microsoft.ContainerRegistry.ImageDeleted': ImageDeletedEventData;
  'Microsoft.ContainerRegistry.ChartPushed': ChartEventData;
  'Microsoft.ContainerRegistry.ChartDeleted': ChartEventData;
  'Microsoft.EventGrid.SubscriptionValidationEvent': SubscriptionValidationEventData;
  'Microsoft.EventGrid.SubscriptionDeletedEvent': SubscriptionDeletedEventData;
}

/**
 * Validates `data` for a known event type and returns it typed; unknown event types pass through untouched
 * (forward compatibility). Throws EventParseError naming the field, prefixed with `pathPrefix`.
 */
export function parseEventData(eventType: string, data: unknown, pathPrefix = 'data'): unknown {
  const schema = eventDataSchemas[eventType];
  if (schema === undefined) return data;
  const result = schema.safeParse(data);
  if (!result.success) throw eventParseErrorFromZod(result.error, pathPrefix);
  return result.data;
}

/** True when scout-acr has a data schema for `eventType`. */
export function isKnownEventType(eventType: string): eventType is keyof EventDataByType {
  return Object.hasOwn(eventDataSchemas, eventType);
}
