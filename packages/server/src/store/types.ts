import type { AnalysisStore, ImageAnalysisSummary } from './analysis-types.js';
import type { DashboardStore } from './dashboard-types.js';
import type { ReconcilerStore } from './reconciler-types.js';

/**
 * The persistence boundary of the server (repository pattern). Routes, the webhook and the workers speak
 * only to `Store`; the embedded SQLite implementation lives in `sqlite/`, and a PostgreSQL one can be added
 * beside it without touching them. Times are epoch milliseconds; ids are opaque strings.
 */
export type Role = 'viewer' | 'admin';

export interface OrganizationRow {
  id: string;
  name: string;
  createdAt: number;
}

export interface ApiKeyRow {
  id: string;
  orgId: string;
  role: Role;
  /** sha256 of the full key. The key itself is never stored. */
  hash: Buffer;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
}

export type IntegrationStatus = 'CONNECTED' | 'PENDING' | 'FAILED';

export interface IntegrationRow {
  id: string;
  orgId: string;
  name: string;
  loginServer: string;
  tokenName: string;
  /** AES-256-GCM envelope of the token password. */
  passwordEnc: Buffer;
  /** AES-256-GCM envelope of the webhook secret (shown to admins in the webhook URL). */
  webhookSecretEnc: Buffer;
  /** sha256 of the webhook secret, compared in constant time on every delivery. */
  webhookSecretHash: Buffer;
  status: IntegrationStatus;
  statusReason: string | null;
  failure: string | null;
  lastCheckedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type IntegrationPatch = Partial<
  Pick<
    IntegrationRow,
    | 'name'
    | 'loginServer'
    | 'tokenName'
    | 'passwordEnc'
    | 'webhookSecretEnc'
    | 'webhookSecretHash'
    | 'status'
    | 'statusReason'
    | 'failure'
    | 'lastCheckedAt'
  >
>;

export interface ActivationRow {
  name: string;
  active: boolean;
  activatedAt: number | null;
}

export type EventDisposition = 'queued' | 'not-activated' | 'ignored';

export interface EventInsert {
  integrationId: string;
  eventId: string;
  type: string;
  subject: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  eventTime: string | null;
  receivedAt: number;
  /** The raw event, kept for audit and re-processing. */
  body: string;
  /** A job to create if the event's repository is activated (the event is then `queued`). */
  job?: JobInsert;
}

export interface EventRow extends Omit<EventInsert, 'job' | 'integrationId'> {
  seq: number;
  disposition: EventDisposition;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'dead';

export interface JobInsert {
  id: string;
  integrationId: string;
  kind: string;
  payload: unknown;
  repository: string | null;
  reference: string | null;
  maxAttempts: number;
  runAt: number;
}

export interface JobRow extends JobInsert {
  seq: number;
  orgId: string;
  state: JobState;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface LayerRecord {
  digest: string;
  diffId: string | null;
  size: number;
  mediaType: string;
}

export interface ImageRecord {
  integrationId: string;
  repository: string;
  digest: string;
  indexDigest: string | null;
  mediaType: string;
  platform: { os: string; architecture: string; variant?: string } | null;
  layers: LayerRecord[];
  created: string | null;
  labels: Record<string, string>;
}

export type ImageStatus = 'RECORDED' | 'ANALYZED' | 'FAILED' | 'DELETED';

export interface ImageRow extends ImageRecord {
  seq: number;
  tags: string[];
  status: ImageStatus;
  recordedAt: number;
  deletedAt: number | null;
  /** The image's analysis: null until its first attempt ends. */
  analysis: ImageAnalysisSummary | null;
}

/** A page request: newest first, strictly before the `before` sequence number. */
export interface PageArgs {
  before?: number | undefined;
  limit: number;
}

export interface Store extends AnalysisStore, ReconcilerStore, DashboardStore {
  /** Cheap round trip, for readiness. Throws when the store is unusable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  ensureOrganization(name: string, now: number): Promise<OrganizationRow>;
  getOrganization(id: string): Promise<OrganizationRow | undefined>;

  insertApiKey(row: ApiKeyRow): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRow | undefined>;
  listApiKeys(orgId?: string): Promise<ApiKeyRow[]>;
  revokeApiKey(id: string, now: number): Promise<boolean>;

  insertIntegration(row: IntegrationRow): Promise<void>;
  /** Scoped to the organization: another organization's integration is `undefined`, as if absent. */
  getIntegration(orgId: string, id: string): Promise<IntegrationRow | undefined>;
  /** Unscoped, for the webhook (which authenticates by the integration's own secret). */
  getIntegrationForWebhook(id: string): Promise<IntegrationRow | undefined>;
  listIntegrations(orgId: string, page: PageArgs): Promise<Array<IntegrationRow & { seq: number }>>;
  updateIntegration(orgId: string, id: string, patch: IntegrationPatch, now: number): Promise<boolean>;
  deleteIntegration(orgId: string, id: string): Promise<boolean>;

  listActivations(integrationId: string): Promise<ActivationRow[]>;
  /** Sets the activation of `names`; returns the names whose state changed. */
  setActivation(integrationId: string, names: string[], active: boolean, now: number): Promise<string[]>;

  /**
   * Stores events in one transaction, deduplicated by (integration, event id). For each new event whose
   * repository is activated, its job is inserted in the same transaction. Returns, per input, whether it
   * was new. When this resolves, the events are committed.
   */
  recordEvents(events: EventInsert[]): Promise<Array<{ inserted: boolean; disposition: EventDisposition | null }>>;
  listEvents(integrationId: string, page: PageArgs): Promise<EventRow[]>;
  countEvents(integrationId: string): Promise<number>;

  insertJobs(jobs: JobInsert[], now: number): Promise<void>;
  /** Leases up to `limit` ready jobs (queued and due, or running with an expired lease). */
  claimJobs(owner: string, limit: number, leaseMs: number, now: number): Promise<JobRow[]>;
  extendLease(id: string, owner: string, leaseUntil: number): Promise<boolean>;
  completeJob(id: string, owner: string, now: number): Promise<boolean>;
  /** Records a failure: back to `queued` at `retryAt`, or `dead` when `retryAt` is null. */
  failJob(id: string, owner: string, error: string, retryAt: number | null, now: number): Promise<boolean>;
  /** Returns a leased job to the queue without counting an attempt (graceful shutdown). */
  releaseJob(id: string, owner: string, now: number): Promise<boolean>;
  getJob(orgId: string, id: string): Promise<JobRow | undefined>;
  listJobs(integrationId: string, state: JobState | undefined, page: PageArgs): Promise<JobRow[]>;
  retryDeadJob(orgId: string, id: string, now: number): Promise<JobRow | undefined | 'not-dead'>;
  jobCountsByState(): Promise<Record<JobState, number>>;

  upsertImage(image: ImageRecord, now: number): Promise<void>;
  setImageStatus(integrationId: string, repository: string, digest: string, status: ImageStatus): Promise<void>;
  /** Points `tag` at `digest` (a platform manifest or an index digest). */
  setTag(integrationId: string, repository: string, tag: string, digest: string, now: number): Promise<void>;
  /** Removes the tags of `digest` and marks the images it names (directly or as their index) deleted. */
  markImageDeleted(integrationId: string, repository: string, digest: string, now: number): Promise<number>;
  listImages(integrationId: string, repository: string, includeDeleted: boolean, page: PageArgs): Promise<ImageRow[]>;
  /** Images whose digest or index digest is `digest`, optionally within one repository. */
  findImagesByDigest(integrationId: string, digest: string, repository?: string): Promise<ImageRow[]>;
  resolveTag(integrationId: string, repository: string, tag: string): Promise<string | undefined>;
}
