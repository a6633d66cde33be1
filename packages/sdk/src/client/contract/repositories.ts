import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';
import { ImageStatus } from './images.js';
import { SeverityCounts } from './vulnerabilities.js';

/** The newest image of a repository, in brief: enough for a list row; the image routes give the rest. */
export const LatestImage = z
  .object({
    digest: z.string().describe('The platform manifest digest'),
    tags: z.array(z.string()),
    status: ImageStatus,
    recordedAt: Timestamp,
    analyzedAt: Timestamp.nullable(),
    vulnerabilities: SeverityCounts.nullable().describe(
      'Findings per severity at the last matching; null until matched',
    ),
  })
  .register(contractSchemas, { id: 'LatestImage' });
export type LatestImage = z.infer<typeof LatestImage>;

/** A repository of the registry's catalog, joined with its activation state on the server. */
export const Repository = z
  .object({
    name: z.string(),
    active: z.boolean(),
    activatedAt: Timestamp.nullable(),
    inCatalog: z.boolean().describe('False when the repository is activated but no longer in the catalog'),
    latestImage: LatestImage.nullable()
      .optional()
      .describe(
        'The most recently recorded, not deleted image (linux/amd64 first among the platforms of one push); null when none. Always sent by this server version',
      ),
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

export const RepositoryTrendQuery = z.object({
  repository: z.string().min(1).max(256).describe('The repository name, e.g. `team-a/app`'),
});

export const TrendPoint = z
  .object({
    at: Timestamp.describe('When the image was matched'),
    digest: z.string().describe('The image that was the repository’s latest at that time'),
    critical: z.number().int(),
    high: z.number().int(),
    medium: z.number().int(),
    low: z.number().int(),
    unspecified: z.number().int(),
  })
  .register(contractSchemas, { id: 'TrendPoint' });
export type TrendPoint = z.infer<typeof TrendPoint>;

/**
 * Findings by severity of a repository's latest image over time, oldest first: a point when a newer image was
 * first matched, and one each time the latest image was re-matched after a vulnerability database change.
 */
export const RepositoryTrend = z
  .object({
    repository: z.string(),
    points: z.array(TrendPoint).max(500).describe('Time-ordered; at most 500 (the newest)'),
  })
  .register(contractSchemas, { id: 'RepositoryTrend' });
export type RepositoryTrend = z.infer<typeof RepositoryTrend>;
