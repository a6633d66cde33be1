import Database from 'better-sqlite3';
import { ecosystemFamily, isBundledNotice, isSupportedFamily, normalizePackageName } from './normalize.js';
import type { ParsedRecord } from './record.js';
import { VULNDB_SCHEMA, VULNDB_SCHEMA_VERSION } from './schema.js';
import type { VulnDbStatus } from './types.js';

const BATCH = 2000;

/**
 * Builds a database file record by record. Records are written in batched transactions; a record whose id was
 * already written replaces the earlier one (the later source wins), a withdrawn one removes it.
 */
export class VulnDbWriter {
  private readonly db: Database.Database;
  private pending = 0;
  private readonly statements;
  withdrawn = 0;
  bundles = 0;
  invalid = 0;
  readonly invalidSamples: string[] = [];

  /** `fresh`: create the schema (a new file); otherwise `path` is a copy of a live database to add to. */
  constructor(path: string, fresh = true) {
    this.db = new Database(path);
    // The file is private until renamed into place: durability is only needed at the end.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    if (fresh) this.db.exec(VULNDB_SCHEMA);
    this.statements = {
      deleteAdvisory: this.db.prepare('DELETE FROM advisories WHERE id = ?'),
      deleteAffected: this.db.prepare('DELETE FROM affected WHERE advisory_id = ?'),
      deleteAliases: this.db.prepare('DELETE FROM aliases WHERE advisory_id = ?'),
      insertAdvisory: this.db.prepare('INSERT INTO advisories (id, modified, data) VALUES (?, ?, ?)'),
      insertAffected: this.db.prepare(
        'INSERT INTO affected (advisory_id, family, name, ecosystem, data) VALUES (?, ?, ?, ?, ?)',
      ),
      insertAlias: this.db.prepare('INSERT OR IGNORE INTO aliases (alias, advisory_id) VALUES (?, ?)'),
    };
    this.db.exec('BEGIN');
  }

  /** Stores (or, when withdrawn, removes) one record. Records naming no supported ecosystem are not stored. */
  put(record: ParsedRecord): void {
    const { advisory } = record;
    const s = this.statements;
    s.deleteAdvisory.run(advisory.id);
    s.deleteAffected.run(advisory.id);
    s.deleteAliases.run(advisory.id);
    if (record.withdrawn) {
      this.withdrawn++;
      return;
    }
    if (isBundledNotice(advisory.id)) {
      this.bundles++;
      return;
    }
    let stored = 0;
    for (const affected of record.affected) {
      const family = ecosystemFamily(affected.package!.ecosystem);
      if (!isSupportedFamily(family)) continue;
      const name = normalizePackageName(family, affected.package!.name);
      s.insertAffected.run(advisory.id, family, name, affected.package!.ecosystem, JSON.stringify(affected));
      stored++;
    }
    if (stored === 0) return;
    s.insertAdvisory.run(advisory.id, advisory.modified ?? null, JSON.stringify(advisory));
    for (const alias of advisory.aliases) s.insertAlias.run(alias, advisory.id);
    if (++this.pending >= BATCH) {
      this.db.exec('COMMIT; BEGIN');
      this.pending = 0;
    }
  }

  /** Counts a record that could not be read; keeps the first few reasons for the status. */
  skipInvalid(origin: string, reason: string): void {
    this.invalid++;
    if (this.invalidSamples.length < 10) this.invalidSamples.push(`${origin}: ${reason}`.slice(0, 300));
  }

  /** Writes the metadata, commits and closes the file; returns the status it recorded. */
  finish(sources: string[], importedAt: Date): VulnDbStatus {
    const byFamily = this.db
      .prepare('SELECT family, COUNT(DISTINCT advisory_id) AS n FROM affected GROUP BY family ORDER BY family')
      .all() as Array<{ family: string; n: number }>;
    const { records } = this.db.prepare('SELECT COUNT(*) AS records FROM advisories').get() as { records: number };
    // Go's repository copies carry 0001-01-01 timestamps: real ones only count when later than that.
    const { newest } = this.db
      .prepare("SELECT MAX(modified) AS newest FROM advisories WHERE modified > '0001-01-01T00:00:00Z'")
      .get() as { newest: string | null };
    const status: VulnDbStatus = {
      present: true,
      schemaVersion: VULNDB_SCHEMA_VERSION,
      importedAt: importedAt.toISOString(),
      sources,
      recordsByEcosystem: Object.fromEntries(byFamily.map((r) => [r.family, r.n])),
      records,
      withdrawn: this.withdrawn,
      bundledNotices: this.bundles,
      invalid: this.invalid,
      invalidSamples: this.invalidSamples,
    };
    if (newest) status.newestModified = newest;
    const insert = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    for (const [key, value] of Object.entries(status)) insert.run(key, JSON.stringify(value));
    this.db.exec('COMMIT');
    this.db.pragma('synchronous = FULL');
    this.db.close();
    return status;
  }

  /** Abandons the build (the caller removes the file). */
  abort(): void {
    if (this.db.open) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.close();
    }
  }
}
