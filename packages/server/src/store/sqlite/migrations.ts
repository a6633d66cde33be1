import type Database from 'better-sqlite3';

/**
 * Numbered, append-only schema migrations. Each runs once in its own transaction; `user_version` records
 * the last applied number, so a restart or a newer server version applies only what is missing.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE organizations (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id),
  role TEXT NOT NULL CHECK (role IN ('viewer', 'admin')), hash BLOB NOT NULL, name TEXT,
  created_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE integrations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL, login_server TEXT NOT NULL, token_name TEXT NOT NULL, password_enc BLOB NOT NULL,
  webhook_secret_enc BLOB NOT NULL, webhook_secret_hash BLOB NOT NULL, status TEXT NOT NULL,
  status_reason TEXT, failure TEXT, last_checked_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX integrations_org ON integrations (org_id, seq);
CREATE TABLE repositories (
  integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE, name TEXT NOT NULL,
  active INTEGER NOT NULL, activated_at INTEGER, updated_at INTEGER NOT NULL,
  PRIMARY KEY (integration_id, name)) WITHOUT ROWID;
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL, type TEXT NOT NULL, subject TEXT, repository TEXT, tag TEXT, digest TEXT,
  event_time TEXT, received_at INTEGER NOT NULL, disposition TEXT NOT NULL, body TEXT NOT NULL);
CREATE UNIQUE INDEX events_dedupe ON events (integration_id, event_id);
CREATE INDEX events_history ON events (integration_id, seq);
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE, kind TEXT NOT NULL,
  payload TEXT NOT NULL, state TEXT NOT NULL, repository TEXT, reference TEXT,
  attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, run_at INTEGER NOT NULL,
  lease_owner TEXT, lease_until INTEGER, last_error TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER);
CREATE INDEX jobs_ready ON jobs (state, run_at);
CREATE INDEX jobs_history ON jobs (integration_id, seq);
CREATE TABLE images (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  repository TEXT NOT NULL, digest TEXT NOT NULL, index_digest TEXT, media_type TEXT NOT NULL, platform TEXT,
  layers TEXT NOT NULL, created TEXT, labels TEXT NOT NULL, status TEXT NOT NULL,
  recorded_at INTEGER NOT NULL, deleted_at INTEGER);
CREATE UNIQUE INDEX images_identity ON images (integration_id, repository, digest);
CREATE INDEX images_by_index ON images (integration_id, index_digest);
CREATE INDEX images_by_digest ON images (integration_id, digest);
CREATE TABLE tags (
  integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE, repository TEXT NOT NULL,
  tag TEXT NOT NULL, digest TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (integration_id, repository, tag)) WITHOUT ROWID;
CREATE INDEX tags_by_digest ON tags (integration_id, repository, digest);
`,
  },
  {
    version: 2,
    name: 'image analysis: layer inventory cache and image packages',
    sql: `
CREATE TABLE layer_inventories (
  diff_id TEXT PRIMARY KEY, inventory TEXT NOT NULL, uncompressed_bytes INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE layer_blobs (
  digest TEXT PRIMARY KEY, diff_id TEXT NOT NULL REFERENCES layer_inventories(diff_id) ON DELETE CASCADE,
  compressed_bytes INTEGER NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE image_analyses (
  image_seq INTEGER PRIMARY KEY REFERENCES images(seq) ON DELETE CASCADE, analyzed_at INTEGER, distro TEXT,
  package_count INTEGER, duration_ms INTEGER, layers_read INTEGER, layers_cached INTEGER, errors TEXT,
  error TEXT, error_permanent INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
CREATE TABLE image_packages (
  image_seq INTEGER NOT NULL REFERENCES images(seq) ON DELETE CASCADE, ord INTEGER NOT NULL, type TEXT NOT NULL,
  name TEXT NOT NULL, version TEXT NOT NULL, purl TEXT NOT NULL, source_name TEXT, layer TEXT NOT NULL,
  data TEXT NOT NULL, PRIMARY KEY (image_seq, ord)) WITHOUT ROWID;
CREATE INDEX image_packages_by_name ON image_packages (type, name);
`,
  },
  {
    version: 3,
    name: 'reconciler inventories and leases',
    sql: `
CREATE TABLE IF NOT EXISTS reconciler_inventories (
  org_id TEXT NOT NULL REFERENCES organizations(id), address TEXT NOT NULL, document TEXT NOT NULL,
  revision INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (org_id, address)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reconciler_leases (
  org_id TEXT NOT NULL REFERENCES organizations(id), name TEXT NOT NULL, holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL, acquired_at INTEGER NOT NULL, PRIMARY KEY (org_id, name)) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: 'vulnerability findings, match summary and re-match history',
    sql: `
ALTER TABLE image_analyses ADD COLUMN vulnerabilities TEXT;
ALTER TABLE image_analyses ADD COLUMN db_version TEXT;
ALTER TABLE image_analyses ADD COLUMN matched_at INTEGER;
CREATE TABLE image_findings (
  image_seq INTEGER NOT NULL REFERENCES images(seq) ON DELETE CASCADE, ord INTEGER NOT NULL,
  severity TEXT NOT NULL, fixable INTEGER NOT NULL, package_type TEXT NOT NULL, ids TEXT NOT NULL,
  data TEXT NOT NULL, PRIMARY KEY (image_seq, ord)) WITHOUT ROWID;
CREATE TABLE image_match_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, image_seq INTEGER NOT NULL REFERENCES images(seq) ON DELETE CASCADE,
  kind TEXT NOT NULL, db_version TEXT, at INTEGER NOT NULL, vulnerabilities TEXT,
  added_count INTEGER NOT NULL, resolved_count INTEGER NOT NULL, added TEXT NOT NULL, resolved TEXT NOT NULL);
CREATE INDEX image_match_history_by_image ON image_match_history (image_seq, seq);
`,
  },
  {
    version: 5,
    name: 'dashboard sessions and webhook handshake time',
    sql: `
CREATE TABLE dashboard_sessions (
  token_hash BLOB PRIMARY KEY, api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES organizations(id), role TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_key ON dashboard_sessions (api_key_id);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
ALTER TABLE integrations ADD COLUMN last_handshake_at INTEGER;
CREATE INDEX images_latest ON images (integration_id, repository, recorded_at);
`,
  },
  {
    version: 6,
    name: 'event dedupe key led by event time',
    // Event ids are random, so an index led by the id puts every new event on its own B-tree page: each commit
    // wrote (and each checkpoint copied) one 4 KB page per event — over half the webhook's storage time. Event Grid
    // redelivers an event unchanged, time included, so (time, id) still deduplicates by id, and new events land
    // on the index's last pages. CloudEvents may omit the time: those share '' and deduplicate by id alone.
    sql: `
DROP INDEX events_dedupe;
CREATE UNIQUE INDEX events_dedupe ON events (integration_id, coalesce(event_time, ''), event_id);
`,
  },
];

/** Applies the missing migrations; refuses a database written by a newer server. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new Error(`the database schema is version ${current}, newer than this server supports (${latest})`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return latest;
}
