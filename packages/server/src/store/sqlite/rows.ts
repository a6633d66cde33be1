import type { ApiKeyRow, EventRow, ImageRow, IntegrationRow, JobRow, OrganizationRow, Role } from '../types.js';
import { toAnalysisSummary } from './analysis-store.js';

/** Column-to-field mappers: SQLite rows (snake_case, JSON text) to the store's typed rows. */
type Raw = Record<string, unknown>;

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const toOrganization = (r: Raw): OrganizationRow => ({
  id: str(r.id),
  name: str(r.name),
  createdAt: Number(r.created_at),
});

export const toApiKey = (r: Raw): ApiKeyRow => ({
  id: str(r.id),
  orgId: str(r.org_id),
  role: r.role as Role,
  hash: r.hash as Buffer,
  name: strOrNull(r.name),
  createdAt: Number(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});

export const toIntegration = (r: Raw): IntegrationRow & { seq: number } => ({
  seq: Number(r.seq),
  id: str(r.id),
  orgId: str(r.org_id),
  name: str(r.name),
  loginServer: str(r.login_server),
  tokenName: str(r.token_name),
  passwordEnc: r.password_enc as Buffer,
  webhookSecretEnc: r.webhook_secret_enc as Buffer,
  webhookSecretHash: r.webhook_secret_hash as Buffer,
  status: r.status as IntegrationRow['status'],
  statusReason: strOrNull(r.status_reason),
  failure: strOrNull(r.failure),
  lastCheckedAt: numOrNull(r.last_checked_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toEvent = (r: Raw): EventRow => ({
  seq: Number(r.seq),
  eventId: str(r.event_id),
  type: str(r.type),
  subject: strOrNull(r.subject),
  repository: strOrNull(r.repository),
  tag: strOrNull(r.tag),
  digest: strOrNull(r.digest),
  eventTime: strOrNull(r.event_time),
  receivedAt: Number(r.received_at),
  body: str(r.body),
  disposition: r.disposition as EventRow['disposition'],
});

export const toJob = (r: Raw): JobRow => ({
  seq: Number(r.seq),
  id: str(r.id),
  orgId: str(r.org_id),
  integrationId: str(r.integration_id),
  kind: str(r.kind),
  payload: JSON.parse(str(r.payload)) as unknown,
  state: r.state as JobRow['state'],
  repository: strOrNull(r.repository),
  reference: strOrNull(r.reference),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  runAt: Number(r.run_at),
  leaseOwner: strOrNull(r.lease_owner),
  leaseUntil: numOrNull(r.lease_until),
  lastError: strOrNull(r.last_error),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  finishedAt: numOrNull(r.finished_at),
});

export const toImage = (r: Raw): ImageRow => ({
  seq: Number(r.seq),
  integrationId: str(r.integration_id),
  repository: str(r.repository),
  digest: str(r.digest),
  indexDigest: strOrNull(r.index_digest),
  mediaType: str(r.media_type),
  platform: r.platform ? (JSON.parse(str(r.platform)) as ImageRow['platform']) : null,
  layers: JSON.parse(str(r.layers)) as ImageRow['layers'],
  created: strOrNull(r.created),
  labels: JSON.parse(str(r.labels)) as Record<string, string>,
  tags: (JSON.parse(str(r.tags ?? '[]')) as string[]).sort(),
  status: r.status as ImageRow['status'],
  recordedAt: Number(r.recorded_at),
  deletedAt: numOrNull(r.deleted_at),
  analysis: toAnalysisSummary(r.analysis),
});
