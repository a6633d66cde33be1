import type Database from 'better-sqlite3';
import type { Distro, ImagePackage } from '../../analysis/index.js';
import type { VulnerabilityFinding } from '../../matching/index.js';
import type { ImageKey } from '../analysis-types.js';
import type { FindingQuery, HistoryRow, MatchInsert, StoredFinding, StoredInventory } from '../findings-types.js';

/** At most this many added/resolved findings are listed per history entry (the counts are exact). */
export const HISTORY_LIST_LIMIT = 100;

/**
 * Vulnerability findings per image, the match summary on `image_analyses` and the match history (migration 4).
 * Separate from `SqliteAnalysisStore` so the matching schema reads in one place; it shares the store's
 * connection, so every write commits before its promise resolves.
 */
export class SqliteFindingsStore {
  constructor(private readonly db: Database.Database) {}

  /** The row id of an image, or undefined when it no longer exists. */
  imageSeq(image: ImageKey): number | undefined {
    const row = this.db
      .prepare('SELECT seq FROM images WHERE integration_id = ? AND repository = ? AND digest = ?')
      .get(image.integrationId, image.repository, image.digest) as { seq: number } | undefined;
    return row?.seq;
  }

  /**
   * Replaces the image's findings and match summary and appends a history entry, in one transaction. With no
   * findings (`null`: no database) only the history entry is written and the summary is cleared.
   */
  saveMatch(seq: number, match: MatchInsert, now: number): void {
    this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM images WHERE seq = ?').get(seq)) return; // deleted meanwhile
      this.db.prepare('DELETE FROM image_findings WHERE image_seq = ?').run(seq);
      const insert = this.db.prepare(
        `INSERT INTO image_findings (image_seq, ord, severity, fixable, package_type, ids, data)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      (match.findings ?? []).forEach((f, ord) => {
        const ids = `|${[f.id, ...f.aliases].join('|')}|`;
        insert.run(seq, ord, f.severity, f.fixedVersions.length ? 1 : 0, f.package.type, ids, JSON.stringify(f));
      });
      const counts = match.counts ? JSON.stringify(countsOnly(match.counts)) : null;
      this.db
        .prepare(`UPDATE image_analyses SET vulnerabilities = ?, db_version = ?, matched_at = ? WHERE image_seq = ?`)
        .run(counts, match.dbVersion, match.findings ? now : null, seq);
      this.db
        .prepare(
          `INSERT INTO image_match_history (image_seq, kind, db_version, at, vulnerabilities, added_count,
           resolved_count, added, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          seq,
          match.kind,
          match.dbVersion,
          now,
          counts,
          match.added.length,
          match.resolved.length,
          JSON.stringify(match.added.slice(0, HISTORY_LIST_LIMIT)),
          JSON.stringify(match.resolved.slice(0, HISTORY_LIST_LIMIT)),
        );
    })();
  }

  /** One page of an image's findings, worst first. */
  listFindings(seq: number, query: FindingQuery): StoredFinding[] {
    const filters: string[] = [];
    const args: unknown[] = [seq, query.after ?? -1];
    if (query.severities?.length) {
      filters.push(`AND severity IN (${query.severities.map(() => '?').join(', ')})`);
      args.push(...query.severities);
    }
    if (query.fixable !== undefined) {
      filters.push('AND fixable = ?');
      args.push(query.fixable ? 1 : 0);
    }
    if (query.packageType !== undefined) {
      filters.push('AND package_type = ?');
      args.push(query.packageType);
    }
    if (query.id !== undefined) {
      // Ids are stored upper case as advisories spell them; compare case-insensitively.
      filters.push("AND instr(upper(ids), upper('|' || ? || '|')) > 0");
      args.push(query.id);
    }
    args.push(query.limit);
    return this.db
      .prepare(
        `SELECT ord, data FROM image_findings WHERE image_seq = ? AND ord > ? ${filters.join(' ')} ORDER BY ord LIMIT ?`,
      )
      .all(...args)
      .map((r) => {
        const row = r as { ord: number; data: string };
        return { ...(JSON.parse(row.data) as VulnerabilityFinding), ord: row.ord };
      });
  }

  /** Every finding of an image, worst first. */
  allFindings(seq: number): VulnerabilityFinding[] {
    return this.db
      .prepare('SELECT data FROM image_findings WHERE image_seq = ? ORDER BY ord')
      .all(seq)
      .map((r) => JSON.parse((r as { data: string }).data) as VulnerabilityFinding);
  }

  /** One page of an image's match history, newest first, strictly before `before`. */
  listHistory(seq: number, before: number | undefined, limit: number): HistoryRow[] {
    return this.db
      .prepare('SELECT * FROM image_match_history WHERE image_seq = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all(seq, before ?? Number.MAX_SAFE_INTEGER, limit)
      .map((r) => {
        const row = r as Record<string, unknown>;
        return {
          seq: Number(row.seq),
          kind: row.kind as HistoryRow['kind'],
          dbVersion: (row.db_version as string | null) ?? null,
          at: Number(row.at),
          counts: typeof row.vulnerabilities === 'string' ? JSON.parse(row.vulnerabilities) : null,
          addedCount: Number(row.added_count),
          resolvedCount: Number(row.resolved_count),
          added: JSON.parse(String(row.added)),
          resolved: JSON.parse(String(row.resolved)),
        };
      });
  }

  /**
   * Every analyzed, not deleted image, with the database version it was last matched with: the images a
   * database change re-matches.
   */
  analyzedImages(): Array<{ seq: number; dbVersion: string | null }> {
    return this.db
      .prepare(
        `SELECT i.seq, a.db_version FROM images i JOIN image_analyses a ON a.image_seq = i.seq
         WHERE a.analyzed_at IS NOT NULL AND i.deleted_at IS NULL ORDER BY i.seq`,
      )
      .all()
      .map((r) => {
        const row = r as { seq: number; db_version: string | null };
        return { seq: row.seq, dbVersion: row.db_version };
      });
  }

  /** The stored inventory (distro and packages) and current findings of an image, for a re-match without a pull. */
  storedInventory(seq: number): StoredInventory | undefined {
    const analysis = this.db.prepare('SELECT distro, analyzed_at FROM image_analyses WHERE image_seq = ?').get(seq) as
      | { distro: string | null; analyzed_at: number | null }
      | undefined;
    if (!analysis || analysis.analyzed_at === null) return undefined;
    const packages = this.db
      .prepare('SELECT data FROM image_packages WHERE image_seq = ? ORDER BY ord')
      .all(seq)
      .map((r) => JSON.parse((r as { data: string }).data) as ImagePackage);
    return {
      seq,
      distro: analysis.distro ? (JSON.parse(analysis.distro) as Distro) : undefined,
      packages,
      previous: this.allFindings(seq),
    };
  }
}

function countsOnly(counts: Record<string, number>) {
  const { critical = 0, high = 0, medium = 0, low = 0, unspecified = 0 } = counts;
  return { critical, high, medium, low, unspecified };
}
