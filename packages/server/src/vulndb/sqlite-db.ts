import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { OsvAffected } from '../vuln/index.js';
import { VulnDbUnavailableError } from './errors.js';
import { normalizePackageName } from './normalize.js';
import { VULNDB_FILE, VULNDB_SCHEMA_VERSION } from './schema.js';
import type { AdvisoryMatchCandidate, VulnAdvisory, VulnDbStatus, VulnLookup } from './types.js';

/** Reads the `meta` table into a status. */
export function readMeta(db: Database.Database): VulnDbStatus {
  const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
  const meta = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])) as Partial<VulnDbStatus>;
  return {
    ...meta,
    present: true,
    sources: meta.sources ?? [],
    recordsByEcosystem: meta.recordsByEcosystem ?? {},
    records: meta.records ?? 0,
    withdrawn: meta.withdrawn ?? 0,
    bundledNotices: meta.bundledNotices ?? 0,
    invalid: meta.invalid ?? 0,
    invalidSamples: meta.invalidSamples ?? [],
  };
}

/**
 * A read-only handle on an imported vulnerability database. An import that completes while the handle is open
 * replaces the file by rename: this handle keeps reading the old data until it is closed and reopened
 * ({@link openVulnDb}), so a match in progress always sees one consistent database.
 */
export class SqliteVulnDb implements VulnLookup {
  private readonly db: Database.Database;
  private readonly byPackage;
  private readonly byId;
  private readonly byAlias;
  /** The import this handle reads. */
  readonly status: VulnDbStatus;

  constructor(path: string) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      this.status = readMeta(this.db);
    } catch (error) {
      throw new VulnDbUnavailableError(`cannot open the vulnerability database ${path}`, error);
    }
    if (this.status.schemaVersion !== VULNDB_SCHEMA_VERSION) {
      this.db.close();
      throw new VulnDbUnavailableError(
        `vulnerability database schema ${String(this.status.schemaVersion)} is not ${VULNDB_SCHEMA_VERSION}: re-import`,
      );
    }
    this.byPackage = this.db.prepare(
      'SELECT a.data AS advisory, f.ecosystem, f.data AS affected FROM affected f JOIN advisories a ON a.id = f.advisory_id WHERE f.family = ? AND f.name = ? ORDER BY f.advisory_id',
    );
    this.byId = this.db.prepare('SELECT data FROM advisories WHERE id = ?');
    this.byAlias = this.db.prepare(
      'SELECT a.data FROM aliases x JOIN advisories a ON a.id = x.advisory_id WHERE x.alias = ? ORDER BY a.id',
    );
  }

  candidates(family: string, name: string): AdvisoryMatchCandidate[] {
    const rows = this.byPackage.all(family, normalizePackageName(family, name)) as Array<{
      advisory: string;
      ecosystem: string;
      affected: string;
    }>;
    return rows.map((r) => ({
      advisory: JSON.parse(r.advisory) as VulnAdvisory,
      ecosystem: r.ecosystem,
      affected: JSON.parse(r.affected) as OsvAffected,
    }));
  }

  /** The records known under `id`: the record with that id, else every record listing it as an alias. */
  advisories(id: string): VulnAdvisory[] {
    const own = this.byId.get(id) as { data: string } | undefined;
    if (own) return [JSON.parse(own.data) as VulnAdvisory];
    return (this.byAlias.all(id) as Array<{ data: string }>).map((r) => JSON.parse(r.data) as VulnAdvisory);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The path of the live database in a data directory. */
export function vulnDbPath(dataDir: string): string {
  return join(dataDir, VULNDB_FILE);
}

/**
 * Opens the live vulnerability database of `dataDir` read-only.
 * @throws VulnDbUnavailableError when none has been imported or it cannot be read.
 */
export function openVulnDb(dataDir: string): SqliteVulnDb {
  const path = vulnDbPath(dataDir);
  if (!existsSync(path)) throw new VulnDbUnavailableError(`no vulnerability database in ${dataDir}: import one first`);
  return new SqliteVulnDb(path);
}

/** The provenance and counts of the live database, or `{ present: false }` when none was imported. */
export function vulnDbStatus(dataDir: string): VulnDbStatus {
  const empty: VulnDbStatus = {
    present: false,
    sources: [],
    recordsByEcosystem: {},
    records: 0,
    withdrawn: 0,
    bundledNotices: 0,
    invalid: 0,
    invalidSamples: [],
  };
  if (!existsSync(vulnDbPath(dataDir))) return empty;
  const db = openVulnDb(dataDir);
  try {
    return db.status;
  } finally {
    db.close();
  }
}
