import type Database from 'better-sqlite3';
import type { RepositoryMatchRow, SessionLookup, SessionRow, WebhookHealthRow } from '../dashboard-types.js';
import type { ImageRow, Role } from '../types.js';
import { toImage } from './rows.js';

type Raw = Record<string, unknown>;

/**
 * Events are appended with `received_at = now`, so `received_at` follows `seq` (the rowid) except for the few
 * milliseconds a group commit may reorder, or a clock step. Searching the rowid for the first event of a time
 * window, with this much slack and an exact filter after it, counts recent events through the existing
 * `(integration_id, seq)` index: no extra index on the webhook's insert path.
 */
const SEQ_SEARCH_SLACK_MS = 10 * 60_000;

/** The dashboard's side of the store (migration 5). Shares the store's connection. */
export class SqliteDashboardStore {
  constructor(
    private readonly db: Database.Database,
    private readonly imageColumns: string,
  ) {}

  async insertSession(row: SessionRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO dashboard_sessions (token_hash, api_key_id, org_id, role, created_at, expires_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.tokenHash, row.apiKeyId, row.orgId, row.role, row.createdAt, row.expiresAt, row.lastSeenAt);
  }

  async getSession(tokenHash: Buffer): Promise<SessionLookup | undefined> {
    const row = this.db
      .prepare(
        `SELECT s.*, o.name AS org_name, k.revoked_at AS key_revoked_at FROM dashboard_sessions s
         JOIN api_keys k ON k.id = s.api_key_id JOIN organizations o ON o.id = s.org_id WHERE s.token_hash = ?`,
      )
      .get(tokenHash) as Raw | undefined;
    if (!row) return undefined;
    return {
      tokenHash: row.token_hash as Buffer,
      apiKeyId: String(row.api_key_id),
      orgId: String(row.org_id),
      orgName: String(row.org_name),
      role: row.role as Role,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      lastSeenAt: Number(row.last_seen_at),
      keyRevoked: row.key_revoked_at !== null,
    };
  }

  async touchSession(tokenHash: Buffer, now: number): Promise<void> {
    this.db
      .prepare('UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?')
      .run(now, tokenHash, now);
  }

  async deleteSession(tokenHash: Buffer): Promise<boolean> {
    return this.db.prepare('DELETE FROM dashboard_sessions WHERE token_hash = ?').run(tokenHash).changes > 0;
  }

  async purgeSessions(now: number, idleBefore: number): Promise<number> {
    return this.db
      .prepare(
        `DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen_at <= ?
         OR api_key_id IN (SELECT id FROM api_keys WHERE revoked_at IS NOT NULL)`,
      )
      .run(now, idleBefore).changes;
  }

  deleteSessionsOfKey(apiKeyId: string): number {
    return this.db.prepare('DELETE FROM dashboard_sessions WHERE api_key_id = ?').run(apiKeyId).changes;
  }

  async recordHandshake(integrationId: string, at: number): Promise<void> {
    this.db.prepare('UPDATE integrations SET last_handshake_at = ? WHERE id = ?').run(at, integrationId);
  }

  async webhookHealth(integrationIds: string[], since: number): Promise<Map<string, WebhookHealthRow>> {
    const out = new Map<string, WebhookHealthRow>();
    if (integrationIds.length === 0) return out;
    const ids = JSON.stringify(integrationIds);
    const fromSeq = this.#firstEventSeqAtOrAfter(since - SEQ_SEARCH_SLACK_MS);
    const rows = this.db
      .prepare(
        `SELECT g.id, g.last_handshake_at,
           (SELECT e.received_at FROM events e WHERE e.integration_id = g.id ORDER BY e.seq DESC LIMIT 1) AS last_event_at,
           (SELECT count(*) FROM events e WHERE e.integration_id = g.id AND e.seq >= ? AND e.received_at >= ?) AS recent
         FROM integrations g WHERE g.id IN (SELECT value FROM json_each(?))`,
      )
      .all(fromSeq, since, ids) as Raw[];
    // Dead letters are few; `+` keeps the planner on the (state, run_at) index instead of scanning every job of
    // the integration through (integration_id, seq).
    const dead = new Map(
      (
        this.db
          .prepare(
            `SELECT integration_id, count(*) AS n FROM jobs WHERE state = 'dead'
             AND +integration_id IN (SELECT value FROM json_each(?)) GROUP BY integration_id`,
          )
          .all(ids) as Array<{ integration_id: string; n: number }>
      ).map((r) => [r.integration_id, r.n]),
    );
    for (const r of rows) {
      const id = String(r.id);
      out.set(id, {
        lastEventAt: r.last_event_at === null ? null : Number(r.last_event_at),
        lastHandshakeAt: r.last_handshake_at === null ? null : Number(r.last_handshake_at),
        eventsSince: Number(r.recent),
        deadJobs: dead.get(id) ?? 0,
      });
    }
    return out;
  }

  /** Binary search over the rowid (a few primary-key probes): the first event received at or after `at`. */
  #firstEventSeqAtOrAfter(at: number): number {
    // Two single-aggregate queries: SQLite answers each from the ends of the rowid b-tree (both in one scan all).
    const first = this.db.prepare('SELECT min(seq) AS n FROM events').get() as { n: number | null };
    const last = this.db.prepare('SELECT max(seq) AS n FROM events').get() as { n: number | null };
    if (first.n === null || last.n === null) return 0;
    const probe = this.db.prepare('SELECT seq, received_at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1');
    let lo = first.n;
    let hi = last.n + 1;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const row = probe.get(mid) as { seq: number; received_at: number } | undefined;
      if (!row || row.received_at >= at) hi = mid;
      else lo = row.seq + 1;
    }
    return lo;
  }

  async latestImages(
    integrationId: string,
    repositories: string[],
    includeDeleted = false,
  ): Promise<Map<string, ImageRow>> {
    const out = new Map<string, ImageRow>();
    if (repositories.length === 0) return out;
    const deleted = includeDeleted ? '' : 'AND x.deleted_at IS NULL';
    // Per repository, the newest rows of `images_latest` (integration, repository, recorded_at): a short index walk
    // each, not a sort of every image of the integration.
    const rows = this.db
      .prepare(
        `SELECT ${this.imageColumns} FROM json_each(?) r JOIN images i ON i.seq = (
           SELECT x.seq FROM images x WHERE x.integration_id = ? AND x.repository = r.value ${deleted}
           ORDER BY x.recorded_at DESC,
             coalesce(json_extract(x.platform, '$.os') = 'linux' AND json_extract(x.platform, '$.architecture') = 'amd64', 0) DESC,
             x.seq DESC LIMIT 1)`,
      )
      .all(JSON.stringify(repositories), integrationId) as Raw[];
    for (const r of rows) {
      const image = toImage(r);
      out.set(image.repository, image);
    }
    return out;
  }

  async repositoryMatchHistory(integrationId: string, repository: string): Promise<RepositoryMatchRow[]> {
    return (
      this.db
        .prepare(
          `SELECT h.seq, h.image_seq, h.kind, h.at, h.vulnerabilities, i.digest, i.platform
           FROM images i JOIN image_match_history h ON h.image_seq = i.seq
           WHERE i.integration_id = ? AND i.repository = ? ORDER BY h.at, h.seq`,
        )
        .all(integrationId, repository) as Raw[]
    ).map((r) => ({
      seq: Number(r.seq),
      imageSeq: Number(r.image_seq),
      digest: String(r.digest),
      platform: typeof r.platform === 'string' ? (JSON.parse(r.platform) as ImageRow['platform']) : null,
      kind: r.kind as RepositoryMatchRow['kind'],
      at: Number(r.at),
      counts: typeof r.vulnerabilities === 'string' ? JSON.parse(r.vulnerabilities) : null,
    }));
  }
}
