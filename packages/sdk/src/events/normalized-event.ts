import type { EventDataByType } from './event-data.js';
import type { EventDeliverySchema } from './event-types.js';
import { EventTypes } from './event-types.js';
import type { CloudEvent, EventGridEvent } from './schemas/envelope.js';

/**
 * An event from either delivery schema, with the common fields under one set of names. `data` has been validated
 * for the known event types (see EventDataByType).
 */
export interface NormalizedEvent<TData = unknown, TType extends string = string> {
  /** Which schema the event arrived in. */
  schema: EventDeliverySchema;
  id: string;
  /** `eventType` (Event Grid schema) or `type` (CloudEvents). */
  type: TType;
  /** `topic` (Event Grid schema) or `source` (CloudEvents): for ACR events, the registry's ARM id. */
  source: string;
  /** `''` when a CloudEvent has no subject. */
  subject: string;
  /** `eventTime` or `time`; undefined only for a CloudEvent without `time`. */
  time: string | undefined;
  /** Event Grid schema only. */
  dataVersion: string | undefined;
  data: TData;
  /** The event as received (unknown fields included). */
  raw: EventGridEvent | CloudEvent;
}

/** A normalized event of one known type. */
export type KnownNormalizedEvent<T extends keyof EventDataByType> = NormalizedEvent<EventDataByType[T], T>;

function isType<T extends keyof EventDataByType>(type: T) {
  return (event: NormalizedEvent): event is KnownNormalizedEvent<T> => event.type === type;
}

/** Narrows to `Microsoft.ContainerRegistry.ImagePushed`. */
export const isImagePushedEvent = isType(EventTypes.imagePushed);
/** Narrows to `Microsoft.ContainerRegistry.ImageDeleted`. */
export const isImageDeletedEvent = isType(EventTypes.imageDeleted);
/** Narrows to `Microsoft.ContainerRegistry.ChartPushed`. */
export const isChartPushedEvent = isType(EventTypes.chartPushed);
/** Narrows to `Microsoft.ContainerRegistry.ChartDeleted`. */
export const isChartDeletedEvent = isType(EventTypes.chartDeleted);
/** Narrows to `Microsoft.EventGrid.SubscriptionValidationEvent`. */
export const isSubscriptionValidationEvent = isType(EventTypes.subscriptionValidation);
/** Narrows to `Microsoft.EventGrid.SubscriptionDeletedEvent`. */
export const isSubscriptionDeletedEvent = isType(EventTypes.subscriptionDeleted);
