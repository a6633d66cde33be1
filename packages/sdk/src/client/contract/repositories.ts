import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';

/** A repository of the registry's catalog, joined with its activation state on the server. */
export const Repository = z
  .object({
    name: z.string(),
    active: z.boolean(),
    activatedAt: Timestamp.nullable(),
    inCatalog: z.boolean().describe('False when the repository is activated but no longer in the catalog'),
  })
  .register(contractSchemas, { id: 'Repository' });
export type Repository = z.infer<typeof Repository>;

export const RepositoryList = pageOf(Repository).register(contractSchemas, { id: 'RepositoryList' });

/**
 * Which repositories to (de)activate: exact names and/or glob patterns (`*` within a path segment,
 * `**` across segments, `?` one character). Patterns expand against the registry's catalog.
 */
export const RepositorySelection = z
  .object({
    names: z.array(z.string().min(1).max(256)).max(1000).optional(),
    patterns: z.array(z.string().min(1).max(256)).max(100).optional(),
  })
  .refine((s) => (s.names?.length ?? 0) + (s.patterns?.length ?? 0) > 0, 'give at least one name or pattern')
  .register(contractSchemas, { id: 'RepositorySelection' });
export type RepositorySelection = z.infer<typeof RepositorySelection>;

export const ActivationResult = z
  .object({
    changed: z.array(z.string()).describe('Repositories whose state changed'),
    unchanged: z.array(z.string()),
    queuedJobs: z.number().int().describe('Latest-image analyses queued by activation'),
  })
  .register(contractSchemas, { id: 'ActivationResult' });
export type ActivationResult = z.infer<typeof ActivationResult>;
