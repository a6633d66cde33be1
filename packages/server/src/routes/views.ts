import type { EventRecord, Image, Job } from '@scout-acr/sdk/client';
import type { EventRow, ImageRow, JobRow } from '../store/index.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export const toApiEvent = (e: EventRow): EventRecord => ({
  id: e.eventId,
  type: e.type,
  subject: e.subject,
  repository: e.repository,
  tag: e.tag,
  digest: e.digest,
  eventTime: e.eventTime,
  receivedAt: iso(e.receivedAt),
  disposition: e.disposition,
});

export const toApiJob = (j: JobRow): Job => ({
  id: j.id,
  kind: j.kind,
  state: j.state,
  repository: j.repository,
  reference: j.reference,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  lastError: j.lastError,
  runAt: iso(j.runAt),
  createdAt: iso(j.createdAt),
  updatedAt: iso(j.updatedAt),
  finishedAt: isoOrNull(j.finishedAt),
});

export const toApiImage = (i: ImageRow): Image => ({
  digest: i.digest,
  indexDigest: i.indexDigest,
  repository: i.repository,
  tags: i.tags,
  platform: i.platform,
  mediaType: i.mediaType,
  layers: i.layers,
  created: i.created,
  labels: i.labels,
  status: i.status,
  recordedAt: iso(i.recordedAt),
  deletedAt: isoOrNull(i.deletedAt),
  analyzedAt: isoOrNull(i.analysis?.analyzedAt ?? null),
  distro: i.analysis?.distro ?? null,
  packageCount: i.analysis?.packageCount ?? null,
  analysisError: i.analysis?.error ?? null,
  vulnerabilities: i.analysis?.vulnerabilities ?? null,
  vulnDbVersion: i.analysis?.vulnDbVersion ?? null,
  matchedAt: isoOrNull(i.analysis?.matchedAt ?? null),
});
