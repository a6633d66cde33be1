import { z } from 'zod';
import { digestSchema, nonEmptyString, timestampSchema } from './common.js';

// Shapes follow the official samples (specification/eventgrid/data-plane/Microsoft.ContainerRegistry) and the
// required/optional split of Azure's TypeSpec (azure-rest-api-specs#30778). Unknown fields are kept.

const sizeSchema = z.number({ error: 'expected a number' }).int().nonnegative();

/** The image an ImagePushed / ImageDeleted event is about. ImageDeleted carries no `tag`, `size` or `length`. */
export const imageEventTargetSchema = z.looseObject({
  mediaType: nonEmptyString,
  size: sizeSchema.optional(),
  digest: digestSchema,
  length: sizeSchema.optional(),
  repository: nonEmptyString,
  tag: nonEmptyString.optional(),
  url: z.string().optional(),
});

/** The chart a ChartPushed / ChartDeleted event is about. */
export const chartEventTargetSchema = z.looseObject({
  mediaType: nonEmptyString,
  size: sizeSchema.optional(),
  digest: digestSchema.optional(),
  length: sizeSchema.optional(),
  repository: nonEmptyString,
  tag: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
});

/** The registry request that caused the event; `host` is the registry's login server. */
export const containerRegistryEventRequestSchema = z.looseObject({
  id: z.string({ error: 'expected a string' }),
  host: nonEmptyString,
  method: nonEmptyString,
  useragent: z.string().optional(),
  addr: z.string().optional(),
});

export const containerRegistryEventActorSchema = z.looseObject({ name: z.string().optional() });
export const containerRegistryEventSourceSchema = z.looseObject({
  addr: z.string().optional(),
  instanceID: z.string().optional(),
});
export const connectedRegistrySchema = z.looseObject({ name: nonEmptyString });

/** `data` of `Microsoft.ContainerRegistry.ImagePushed` and `ImageDeleted`. */
export const imageEventDataSchema = z.looseObject({
  id: nonEmptyString,
  timestamp: timestampSchema,
  action: nonEmptyString,
  location: z.string().optional(),
  target: imageEventTargetSchema,
  request: containerRegistryEventRequestSchema,
  actor: containerRegistryEventActorSchema.optional(),
  source: containerRegistryEventSourceSchema.optional(),
  connectedRegistry: connectedRegistrySchema.optional(),
});

/** `data` of `Microsoft.ContainerRegistry.ChartPushed` and `ChartDeleted`. */
export const chartEventDataSchema = z.looseObject({
  id: nonEmptyString,
  timestamp: timestampSchema,
  action: nonEmptyString,
  location: z.string().optional(),
  target: chartEventTargetSchema,
  request: containerRegistryEventRequestSchema.optional(),
  actor: containerRegistryEventActorSchema.optional(),
  source: containerRegistryEventSourceSchema.optional(),
  connectedRegistry: connectedRegistrySchema.optional(),
});

export type ImageEventTarget = z.infer<typeof imageEventTargetSchema>;
export type ChartEventTarget = z.infer<typeof chartEventTargetSchema>;
export type ContainerRegistryEventRequest = z.infer<typeof containerRegistryEventRequestSchema>;
/** `data` of an image event (pushed or deleted). */
export type ImageEventData = z.infer<typeof imageEventDataSchema>;
export type ImagePushedEventData = ImageEventData;
export type ImageDeletedEventData = ImageEventData;
/** `data` of a chart event (pushed or deleted). */
export type ChartEventData = z.infer<typeof chartEventDataSchema>;
