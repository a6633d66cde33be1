import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';

export const EventRecord = z
  .object({
    id: z.string().describe('The Event Grid / CloudEvents event id'),
    type: z.string(),
    subject: z.string().nullable(),
    repository: z.string().nullable(),
    tag: z.string().nullable(),
    digest: z.string().nullable(),
    eventTime: Timestamp.nullable(),
    receivedAt: Timestamp,
    disposition: z
      .enum(['queued', 'not-activated', 'ignored'])
      .describe('queued: a job was created; not-activated: recorded only; ignored: unhandled type'),
  })
  .register(contractSchemas, { id: 'EventRecord' });
export type EventRecord = z.infer<typeof EventRecord>;
export const EventList = pageOf(EventRecord).register(contractSchemas, { id: 'EventList' });

export const JobState = z
  .enum(['queued', 'running', 'succeeded', 'dead'])
  .register(contractSchemas, { id: 'JobState' });
export type JobState = z.infer<typeof JobState>;

export const Job = z
  .object({
    id: z.string(),
    kind: z.string(),
    state: JobState,
    repository: z.string().nullable(),
    reference: z.string().nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    runAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .register(contractSchemas, { id: 'Job' });
export type Job = z.infer<typeof Job>;
export const JobList = pageOf(Job).register(contractSchemas, { id: 'JobList' });

export const JobListQuery = z.object({
  state: JobState.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const Identity = z
  .object({ organization: z.string(), role: z.enum(['viewer', 'admin']), keyId: z.string() })
  .register(contractSchemas, { id: 'Identity' });
export type Identity = z.infer<typeof Identity>;
