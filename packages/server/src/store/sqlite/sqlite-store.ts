import { randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type {
  CachedLayer,
  ImageAnalysisInsert,
  ImageAnalysisSummary,
  ImageKey,
  LayerInventoryInsert,
  PackageQuery,
  StoredPackage,
} from '../analysis-types.js';
import type { RepositoryMatchRow, SessionLookup, SessionRow, WebhookHealthRow } from '../dashboard-types.js';
import type { InventoryRow, LeaseResult } from '../reconciler-types.js';
import type {
  ActivationRow,
  ApiKeyRow,
  EventDisposition,
  EventInsert,
  EventRow,
  ImageRecord,
  ImageRow,
  ImageStatus,
  IntegrationPatch,
  IntegrationRow,
  JobInsert,
  JobRow,
  JobState,
  OrganizationRow,
  PageArgs,
  Store,
} from '../types.js';
import { IMAGE_ANALYSIS_COLUMN, SqliteAnalysisStore } from './analysis-store.js';
import { BackgroundCheckpoint } from './background-checkpoint.js';
import { SqliteDashboardStore } from './dashboard-store.js';
import { migrate } from './migrations.js';
import { SqliteReconcilerStore } from './reconciler-store.js';
import { toApiKey, toEvent, toImage, toIntegration, toJob, toOrganization } from './rows.js';

export interface SqliteStoreOptions {
  /** `synchronous` pragma. `NORMAL` (default) survives a process crash (`kill -9`); `FULL` also a power cut. */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for a lock held by another connection, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Where WAL checkpoints run: `inline` (SQLite's default, inside the commit that crosses 1,000 pages) or
   * `background` (a worker thread; see BackgroundCheckpoint). Default `inline`; the server uses `background`.
   */
  checkpoint?: 'inline' | 'background';
  /** Told when background checkpoints fail and the store falls back to inline ones. */
  onCheckpointError?: (error: Error) => void;
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;
export const IMAGE_COLUMNS = `i.*, (SELECT json_group_array(t.tag) FROM tags t WHERE t.integration_id = i.integration_id
  AND t.repository = i.repository AND (t.digest = i.digest OR t.digest = i.index_digest)) AS tags,
  ${IMAGE_ANALYSIS_COLUMN}`;
const JOB_COLUMNS = 'j.*, g.org_id AS org_id';

/**
 * The embedded default store: one SQLite file in WAL mode (readers never block the writer), foreign keys on,
 * a busy timeout, numbered migrations. better-sqlite3 is synchronous, so a method's transaction commits before
 * its promise resolves: the webhook answers 2xx only after that.
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  /** Prepared statements by SQL text: preparing costs more than running the small queries on the hot path. */
  readonly #statements = new Map<string, Database.Statement>();
  readonly #integrationCache = new Map<string, IntegrationRow>();
  readonly #analysis: SqliteAnalysisStore;
  readonly #reconciler: SqliteReconcilerStore;
  readonly #dashboard: SqliteDashboardStore;
  readonly #checkpoint: BackgroundCheckpoint | undefined;

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  constructor(file: string, options: SqliteStoreOptions = {}) {
    // The database holds key hashes and encrypted secrets: owner-only, like the key file (WAL/SHM inherit it).
    if (file !== ':memory:') closeSync(openSync(file, 'a', 0o600));
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    if (options.checkpoint === 'background' && file !== ':memory:') {
      this.#checkpoint = new BackgroundCheckpoint(
        file,
        (pages) => {
          if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
        },
        { ...(options.onCheckpointError ? { onError: options.onCheckpointError } : {}) },
      );
    }
    this.#analysis = new SqliteAnalysisStore(this.db);
    this.#reconciler = new SqliteReconcilerStore(this.db);
    this.#dashboard = new SqliteDashboardStore(this.db, IMAGE_COLUMNS);
  }

  async ping(): Promise<void> {
    this.#prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.#checkpoint?.stop();
    if (this.db.open) this.db.close();
  }

  async ensureOrganization(name: string, now: number): Promise<OrganizationRow> {
    this.db
      .prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(`org_${randomUUID().replaceAll('-', '').slice(0, 16)}`, name, now);
    return toOrganization(this.#prepare('SELECT * FROM organizations WHERE name = ?').get(name) as never);
  }

  async getOrganization(id: string): Promise<OrganizationRow | undefined> {
    const row = this.#prepare('SELECT * FROM organizations WHERE id = ?').get(id);
    return row ? toOrganization(row as never) : undefined;
  }

  async insertApiKey(row: ApiKeyRow): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO api_keys (id, org_id, role, hash, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.orgId, row.role, row.hash, row.name, row.createdAt, row.revokedAt);
  }

  async getApiKey(id: string): Promise<ApiKeyRow | undefined> {
    const row = this.#prepare('SELECT * FROM api_keys WHERE id = ?').get(id);
    return row ? toApiKey(row as never) : undefined;
  }

  async listApiKeys(orgId?: string): Promise<ApiKeyRow[]> {
    const rows = orgId
      ? this.#prepare('SELECT * FROM api_keys WHERE org_id = ? ORDER BY created_at').all(orgId)
      : this.#prepare('SELECT * FROM api_keys ORDER BY created_at').all();
    return rows.map((r) => toApiKey(r as never));
  }

  async revokeApiKey(id: string, now: number): Promise<boolean> {
    return this.db.transaction(() => {
      // Its dashboard sessions end with it (a running server also re-checks the key on every request).
      this.#dashboard.deleteSessionsOfKey(id);
      return (
        this.#prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0
      );
    })();
  }

  async insertIntegration(row: IntegrationRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO integrations (id, org_id, name, login_server, token_name, password_enc, webhook_secret_enc,
         webhook_secret_hash, status, status_reason, failure, last_checked_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.orgId,
        row.name,
        row.loginServer,
        row.tokenName,
        row.passwordEnc,
        row.webhookSecretEnc,
        row.webhookSecretHash,
        row.status,
        row.statusReason,
        row.failure,
        row.lastCheckedAt,
        row.createdAt,
        row.updatedAt,
      );
  }

  async getIntegration(orgId: string, id: string): Promise<IntegrationRow | undefined> {
    const row = this.#prepare('SELECT * FROM integrations WHERE id = ? AND org_id = ?').get(id, orgId);
    return row ? toIntegration(row as never) : undefined;
  }

  async getIntegrationForWebhook(id: string): Promise<IntegrationRow | undefined> {
    // Every webhook delivery looks its integration up: serve it from memory. Writes go through this store
    // (update/delete evict), so a rotated secret stops working at once.
    const cached = this.#integrationCache.get(id);
    if (cached) return cached;
    const row = this.#prepare('SELECT * FROM integrations WHERE id = ?').get(id);
    if (!row) return undefined;
    const integration = toIntegration(row as never);
    if (this.#integrationCache.size >= 10_000) this.#integrationCache.clear();
    this.#integrationCache.set(id, integration);
    return integration;
  }

  async listIntegrations(orgId: string, page: PageArgs): Promise<Array<IntegrationRow & { seq: number }>> {
    return this.db
      .prepare('SELECT * FROM integrations WHERE org_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all(orgId, page.before ?? MAX_SEQ, page.limit)
      .map((r) => toIntegration(r as never));
  }

  async updateIntegration(orgId: string, id: string, patch: IntegrationPatch, now: number): Promise<boolean> {
    const columns: Record<keyof IntegrationPatch, string> = {
      name: 'name',
      loginServer: 'login_server',
      tokenName: 'token_name',
      passwordEnc: 'password_enc',
      webhookSecretEnc: 'webhook_secret_enc',
      webhookSecretHash: 'webhook_secret_hash',
      status: 'status',
      statusReason: 'status_reason',
      failure: 'failure',
      lastCheckedAt: 'last_checked_at',
    };
    const sets: string[] = ['updated_at = ?'];
    const values: unknown[] = [now];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      sets.push(`${columns[key as keyof IntegrationPatch]} = ?`);
      values.push(value);
    }
    this.#integrationCache.delete(id);
    const sql = `UPDATE integrations SET ${sets.join(', ')} WHERE id = ? AND org_id = ?`;
    return this.#prepare(sql).run(...values, id, orgId).changes > 0;
  }

  async deleteIntegration(orgId: string, id: string): Promise<boolean> {
    this.#integrationCache.delete(id);
    return this.#prepare('DELETE FROM integrations WHERE id = ? AND org_id = ?').run(id, orgId).changes > 0;
  }

  async listActivations(integrationId: string): Promise<ActivationRow[]> {
    return this.db
      .prepare('SELECT name, active, activated_at FROM repositories WHERE integration_id = ? ORDER BY name')
      .all(integrationId)
      .map((r) => {
        const row = r as { name: string; active: number; activated_at: number | null };
        return { name: row.name, active: row.active === 1, activatedAt: row.activated_at };
      });
  }

  async setActivation(integrationId: string, names: string[], active: boolean, now: number): Promise<string[]> {
    const get = this.#prepare('SELECT active FROM repositories WHERE integration_id = ? AND name = ?');
    const upsert = this.#prepare(
      `INSERT INTO repositories (integration_id, name, active, activated_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (integration_id, name) DO UPDATE SET active = excluded.active,
       activated_at = excluded.activated_at, updated_at = excluded.updated_at`,
    );
    return this.db.transaction(() => {
      const changed: string[] = [];
      for (const name of names) {
        const current = get.get(integrationId, name) as { active: number } | undefined;
        if ((current?.active === 1) === active) continue;
        upsert.run(integrationId, name, active ? 1 : 0, active ? now : null, now);
        changed.push(name);
      }
      return changed;
    })();
  }

  async recordEvents(
    events: EventInsert[],
  ): Promise<Array<{ inserted: boolean; disposition: EventDisposition | null }>> {
    this.#recordEventsTx ??= this.#recordEventsTransaction();
    return this.#recordEventsTx(events);
  }

  /** The webhook's group commit, built once: it runs for every batch of deliveries (see EventIngestor). */
  #recordEventsTx:
    | ((events: EventInsert[]) => Array<{ inserted: boolean; disposition: EventDisposition | null }>)
    | undefined;

  #recordEventsTransaction() {
    const isActive = this.#prepare('SELECT 1 FROM repositories WHERE integration_id = ? AND name = ? AND active = 1');
    const insertEvent = this.#prepare(
      `INSERT INTO events (integration_id, event_id, type, subject, repository, tag, digest, event_time,
       received_at, disposition, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (integration_id, coalesce(event_time, ''), event_id) DO NOTHING`,
    );
    const insertJob = this.jobInsertStatement();
    return this.db.transaction((events: EventInsert[]) => {
      // Activation cannot change inside the transaction: ask once per repository of the batch.
      const active = new Map<string, boolean>();
      const activated = (integrationId: string, repository: string) => {
        const key = `${integrationId}\n${repository}`;
        let value = active.get(key);
        if (value === undefined) {
          value = isActive.get(integrationId, repository) !== undefined;
          active.set(key, value);
        }
        return value;
      };
      return events.map((e) => {
        let disposition: EventDisposition = 'ignored';
        if (e.job) disposition = e.repository && activated(e.integrationId, e.repository) ? 'queued' : 'not-activated';
        const { changes } = insertEvent.run(
          e.integrationId,
          e.eventId,
          e.type,
          e.subject,
          e.repository,
          e.tag,
          e.digest,
          e.eventTime,
          e.receivedAt,
          disposition,
          e.body,
        );
        if (changes === 0) return { inserted: false, disposition: null };
        if (disposition === 'queued' && e.job) runJobInsert(insertJob, e.job, e.receivedAt);
        return { inserted: true, disposition };
      });
    });
  }

  async listEvents(integrationId: string, page: PageArgs): Promise<EventRow[]> {
    return this.db
      .prepare('SELECT * FROM events WHERE integration_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all(integrationId, page.before ?? MAX_SEQ, page.limit)
      .map((r) => toEvent(r as never));
  }

  async countEvents(integrationId: string): Promise<number> {
    const row = this.#prepare('SELECT count(*) AS n FROM events WHERE integration_id = ?').get(integrationId);
    return (row as { n: number }).n;
  }

  private jobInsertStatement() {
    return this.#prepare(
      `INSERT INTO jobs (id, integration_id, kind, payload, state, repository, reference, max_attempts, run_at,
       created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
    );
  }

  async insertJobs(jobs: JobInsert[], now: number): Promise<void> {
    const stmt = this.jobInsertStatement();
    this.db.transaction(() => {
      for (const job of jobs) runJobInsert(stmt, job, now);
    })();
  }

  async claimJobs(owner: string, limit: number, leaseMs: number, now: number): Promise<JobRow[]> {
    const ready = this.#prepare(
      `SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_until < ?)
       ORDER BY run_at, seq LIMIT ?`,
    );
    const lease = this.#prepare(
      `UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ?`,
    );
    const ids = this.db
      .transaction(() => {
        const found = ready.all(now, now, limit) as Array<{ id: string }>;
        for (const { id } of found) lease.run(owner, now + leaseMs, now, id);
        return found.map((f) => f.id);
      })
      .immediate();
    return ids.map((id) => this.jobById(id) as JobRow);
  }

  private jobById(id: string): JobRow | undefined {
    const row = this.db
      .prepare(`SELECT ${JOB_COLUMNS} FROM jobs j JOIN integrations g ON g.id = j.integration_id WHERE j.id = ?`)
      .get(id);
    return row ? toJob(row as never) : undefined;
  }

  async extendLease(id: string, owner: string, leaseUntil: number): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`)
        .run(leaseUntil, id, owner).changes > 0
    );
  }

  async completeJob(id: string, owner: string, now: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_until = NULL, last_error = NULL,
           updated_at = ?, finished_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`,
        )
        .run(now, now, id, owner).changes > 0
    );
  }

  async failJob(id: string, owner: string, error: string, retryAt: number | null, now: number): Promise<boolean> {
    const sql =
      retryAt === null
        ? `UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ?,
           finished_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`
        : `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ?,
           run_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`;
    return this.#prepare(sql).run(error, now, retryAt ?? now, id, owner).changes > 0;
  }

  async releaseJob(id: string, owner: string, now: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, attempts = max(0, attempts - 1),
           updated_at = ?, run_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`,
        )
        .run(now, now, id, owner).changes > 0
    );
  }

  async getJob(orgId: string, id: string): Promise<JobRow | undefined> {
    const job = this.jobById(id);
    return job && job.orgId === orgId ? job : undefined;
  }

  async listJobs(integrationId: string, state: JobState | undefined, page: PageArgs): Promise<JobRow[]> {
    const filter = state ? 'AND j.state = ?' : '';
    const args: unknown[] = [integrationId, ...(state ? [state] : []), page.before ?? MAX_SEQ, page.limit];
    return this.db
      .prepare(
        `SELECT ${JOB_COLUMNS} FROM jobs j JOIN integrations g ON g.id = j.integration_id
         WHERE j.integration_id = ? ${filter} AND j.seq < ? ORDER BY j.seq DESC LIMIT ?`,
      )
      .all(...args)
      .map((r) => toJob(r as never));
  }

  async retryDeadJob(orgId: string, id: string, now: number): Promise<JobRow | undefined | 'not-dead'> {
    const job = await this.getJob(orgId, id);
    if (!job) return undefined;
    if (job.state !== 'dead') return 'not-dead';
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, updated_at = ?, finished_at = NULL
         WHERE id = ? AND state = 'dead'`,
      )
      .run(now, now, id);
    return this.jobById(id);
  }

  async jobCountsByState(): Promise<Record<JobState, number>> {
    const counts: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, dead: 0 };
    for (const row of this.#prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all()) {
      const { state, n } = row as { state: JobState; n: number };
      counts[state] = n;
    }
    return counts;
  }

  async upsertImage(image: ImageRecord, now: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO images (integration_id, repository, digest, index_digest, media_type, platform, layers, created,
         labels, status, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECORDED', ?)
         ON CONFLICT (integration_id, repository, digest) DO UPDATE SET
         index_digest = coalesce(excluded.index_digest, index_digest), media_type = excluded.media_type,
         platform = excluded.platform, layers = excluded.layers, created = excluded.created, labels = excluded.labels,
         status = CASE WHEN status = 'DELETED' THEN 'RECORDED' ELSE status END, deleted_at = NULL,
         recorded_at = excluded.recorded_at`,
      )
      .run(
        image.integrationId,
        image.repository,
        image.digest,
        image.indexDigest,
        image.mediaType,
        image.platform ? JSON.stringify(image.platform) : null,
        JSON.stringify(image.layers),
        image.created,
        JSON.stringify(image.labels),
        now,
      );
  }

  async setImageStatus(integrationId: string, repository: string, digest: string, status: ImageStatus) {
    this.db
      .prepare('UPDATE images SET status = ? WHERE integration_id = ? AND repository = ? AND digest = ?')
      .run(status, integrationId, repository, digest);
  }

  async setTag(integrationId: string, repository: string, tag: string, digest: string, now: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO tags (integration_id, repository, tag, digest, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (integration_id, repository, tag) DO UPDATE SET digest = excluded.digest,
         updated_at = excluded.updated_at`,
      )
      .run(integrationId, repository, tag, digest, now);
  }

  async markImageDeleted(integrationId: string, repository: string, digest: string, now: number): Promise<number> {
    return this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM tags WHERE integration_id = ? AND repository = ? AND digest = ?')
        .run(integrationId, repository, digest);
      return this.db
        .prepare(
          `UPDATE images SET status = 'DELETED', deleted_at = ? WHERE integration_id = ? AND repository = ?
           AND (digest = ? OR index_digest = ?) AND deleted_at IS NULL`,
        )
        .run(now, integrationId, repository, digest, digest).changes;
    })();
  }

  async listImages(integrationId: string, repository: string, includeDeleted: boolean, page: PageArgs) {
    const deleted = includeDeleted ? '' : 'AND i.deleted_at IS NULL';
    return this.db
      .prepare(
        `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.integration_id = ? AND i.repository = ? ${deleted}
         AND i.seq < ? ORDER BY i.seq DESC LIMIT ?`,
      )
      .all(integrationId, repository, page.before ?? MAX_SEQ, page.limit)
      .map((r) => toImage(r as never));
  }

  async findImagesByDigest(integrationId: string, digest: string, repository?: string): Promise<ImageRow[]> {
    const repo = repository === undefined ? '' : 'AND i.repository = ?';
    return this.db
      .prepare(
        `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.integration_id = ? AND (i.digest = ? OR i.index_digest = ?)
         ${repo} ORDER BY i.seq`,
      )
      .all(integrationId, digest, digest, ...(repository === undefined ? [] : [repository]))
      .map((r) => toImage(r as never));
  }

  // Reconciler inventories and leases (see reconciler-store.ts).
  listInventories(orgId: string, after: string | undefined, limit: number): Promise<InventoryRow[]> {
    return this.#reconciler.listInventories(orgId, after, limit);
  }

  putInventory(orgId: string, address: string, document: string, ifRevision: number | undefined, now: number) {
    return this.#reconciler.putInventory(orgId, address, document, ifRevision, now);
  }

  deleteInventory(orgId: string, address: string): Promise<boolean> {
    return this.#reconciler.deleteInventory(orgId, address);
  }

  acquireLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult> {
    return this.#reconciler.acquireLease(orgId, name, holder, ttlMs, now);
  }

  renewLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult> {
    return this.#reconciler.renewLease(orgId, name, holder, ttlMs, now);
  }

  releaseLease(orgId: string, name: string, holder: string, now: number) {
    return this.#reconciler.releaseLease(orgId, name, holder, now);
  }

  // Dashboard sessions, webhook health and repository views (see dashboard-store.ts).
  insertSession(row: SessionRow): Promise<void> {
    return this.#dashboard.insertSession(row);
  }

  getSession(tokenHash: Buffer): Promise<SessionLookup | undefined> {
    return this.#dashboard.getSession(tokenHash);
  }

  touchSession(tokenHash: Buffer, now: number): Promise<void> {
    return this.#dashboard.touchSession(tokenHash, now);
  }

  deleteSession(tokenHash: Buffer): Promise<boolean> {
    return this.#dashboard.deleteSession(tokenHash);
  }

  purgeSessions(now: number, idleBefore: number): Promise<number> {
    return this.#dashboard.purgeSessions(now, idleBefore);
  }

  recordHandshake(integrationId: string, at: number): Promise<void> {
    return this.#dashboard.recordHandshake(integrationId, at);
  }

  webhookHealth(integrationIds: string[], since: number): Promise<Map<string, WebhookHealthRow>> {
    return this.#dashboard.webhookHealth(integrationIds, since);
  }

  latestImages(integrationId: string, repositories: string[], includeDeleted?: boolean) {
    return this.#dashboard.latestImages(integrationId, repositories, includeDeleted);
  }

  repositoryMatchHistory(integrationId: string, repository: string): Promise<RepositoryMatchRow[]> {
    return this.#dashboard.repositoryMatchHistory(integrationId, repository);
  }

  // Image analysis (see analysis-store.ts).
  getCachedLayer(digest: string): Promise<CachedLayer | undefined> {
    return this.#analysis.getCachedLayer(digest);
  }

  putCachedLayer(layer: LayerInventoryInsert, now: number): Promise<void> {
    return this.#analysis.putCachedLayer(layer, now);
  }

  countCachedLayers(): Promise<number> {
    return this.#analysis.countCachedLayers();
  }

  saveImageAnalysis(image: ImageKey, analysis: ImageAnalysisInsert, now: number): Promise<void> {
    return this.#analysis.saveImageAnalysis(image, analysis, now);
  }

  recordAnalysisFailure(image: ImageKey, error: string, permanent: boolean, now: number): Promise<void> {
    return this.#analysis.recordAnalysisFailure(image, error, permanent, now);
  }

  getImageAnalysis(image: ImageKey): Promise<ImageAnalysisSummary | undefined> {
    return this.#analysis.getImageAnalysis(image);
  }

  listImagePackages(image: ImageKey, query: PackageQuery): Promise<StoredPackage[] | undefined> {
    return this.#analysis.listImagePackages(image, query);
  }

  async resolveTag(integrationId: string, repository: string, tag: string): Promise<string | undefined> {
    const row = this.db
      .prepare('SELECT digest FROM tags WHERE integration_id = ? AND repository = ? AND tag = ?')
      .get(integrationId, repository, tag) as { digest: string } | undefined;
    return row?.digest;
  }
}

function runJobInsert(stmt: Database.Statement, job: JobInsert, now: number): void {
  stmt.run(
    job.id,
    job.integrationId,
    job.kind,
    JSON.stringify(job.payload),
    job.repository,
    job.reference,
    job.maxAttempts,
    job.runAt,
    now,
    now,
  );
}

/** Convenience for the image list type used by routes. */
export type { ImageRow };
