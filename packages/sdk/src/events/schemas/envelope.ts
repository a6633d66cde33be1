import { z } from 'zod';
import { nonEmptyString, timestampSchema } from './common.js';

/**
 * One event in Event Grid's own schema. Deliveries in this schema are always a JSON array of these.
 * Unknown fields are kept (forward compatibility); the fields scout-acr relies on are checked.
 */
export const eventGridEventSchema = z.looseObject({
  id: nonEmptyString,
  topic: nonEmptyString,
  subject: z.string({ error: 'expected a string' }),
  eventType: nonEmptyString,
  eventTime: timestampSchema,
  data: z.unknown().refine((value) => value !== undefined, { error: 'is required' }),
  dataVersion: z.string({ error: 'expected a string' }),
  metadataVersion: z.string({ error: 'expected a string' }).optional(),
});

/** A CloudEvents 1.0 event in structured JSON mode (single, or one item of a batch). */
export const cloudEventSchema = z.looseObject({
  specversion: z.literal('1.0', { error: 'expected specversion "1.0"' }),
  type: nonEmptyString,
  source: nonEmptyString,
  id: nonEmptyString,
  time: timestampSchema.optional(),
  subject: z.string({ error: 'expected a string' }).optional(),
  datacontenttype: z.string().optional(),
  dataschema: z.string().optional(),
  data: z.unknown().optional(),
  data_base64: z.string().optional(),
});

/** Event Grid schema delivery body: a non-empty array of events. */
export const eventGridEventArraySchema = z
  .array(eventGridEventSchema, { error: 'expected a JSON array of Event Grid events' })
  .min(1, { error: 'a delivery contains at least one event' });

/** CloudEvents batch body (`application/cloudevents-batch+json`). */
export const cloudEventBatchSchema = z
  .array(cloudEventSchema, { error: 'expected a JSON array of CloudEvents' })
  .min(1, { error: 'a delivery contains at least one event' });

/** An event in Event Grid schema, with `data` typed as `TData`. Unknown fields are kept. */
export interface EventGridEvent<TData = unknown> {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: TData;
  dataVersion: string;
  metadataVersion?: string | undefined;
  [field: string]: unknown;
}

/** A CloudEvents 1.0 event (structured JSON), with `data` typed as `TData`. Unknown fields are kept. */
export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  type: string;
  source: string;
  id: string;
  time?: string | undefined;
  subject?: string | undefined;
  datacontenttype?: string | undefined;
  dataschema?: string | undefined;
  data: TData;
  data_base64?: string | undefined;
  [field: string]: unknown;
}
