import type Database from 'better-sqlite3';
import type { ImagePackage, LayerInventory } from '../../analysis/index.js';
import type {
  AnalysisStore,
  CachedLayer,
  ImageAnalysisInsert,
  ImageAnalysisSummary,
  ImageKey,
  LayerInventoryInsert,
  PackageQuery,
  StoredPackage,
} from '../analysis-types.js';

type Raw = Record<string, unknown>;

/** Reads the `analysis` JSON column `IMAGE_ANALYSIS_COLUMN` adds to image rows. */
export function toAnalysisSummary(json: unknown): ImageAnalysisSummary | null {
  if (typeof json !== 'string' || json === '') return null;
  const r = JSON.parse(json) as Raw;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    analyzedAt: num(r.analyzed_at),
    distro: typeof r.distro === 'string' ? (JSON.parse(r.distro) as ImageAnalysisSummary['distro']) : null,
    packageCount: num(r.package_count),
    durationMs: num(r.duration_ms),
    layersRead: num(r.layers_read),
    layersCached: num(r.layers_cached),
    error: typeof r.error === 'string' ? r.error : null,
    errorPermanent: Boolean(r.error_permanent),
    vulnerabilities:
      typeof r.vulnerabilities === 'string'
        ? (JSON.parse(r.vulnerabilities) as ImageAnalysisSummary['vulnerabilities'])
        : null,
    vulnDbVersion: typeof r.db_version === 'string' ? r.db_version : null,
    matchedAt: num(r.matched_at),
  };
}

/** A correlated sub-select for `SELECT … FROM images i`: the image's analysis row as JSON (or null). */
export const IMAGE_ANALYSIS_COLUMN = `(SELECT json_object('analyzed_at', a.analyzed_at, 'distro', a.distro,
  'package_count', a.package_count, 'duration_ms', a.duration_ms, 'layers_read', a.layers_read,
  'layers_cached', a.layers_cached, 'error', a.error, 'error_permanent', a.error_permanent,
  'vulnerabilities', a.vulnerabilities, 'db_version', a.db_version, 'matched_at', a.matched_at)
  FROM image_analyses a WHERE a.image_seq = i.seq) AS analysis`;

const comparePackages = (a: ImagePackage, b: ImagePackage) =>
  a.type.localeCompare(b.type) ||
  a.name.localeCompare(b.name) ||
  a.version.localeCompare(b.version) ||
  a.purl.localeCompare(b.purl);

/**
 * The SQLite side of `AnalysisStore`. Layer inventories are cached by diffID, reached through the blob digest
 * that produced them: a blob digest is verified when read, so the cache never trusts a diffID that an image
 * config merely claims (a forged config cannot borrow another layer's clean inventory). Inventories hold
 * only package metadata and paths, no secrets, so one cache serves every integration and organization.
 */
export class SqliteAnalysisStore implements AnalysisStore {
  constructor(private readonly db: Database.Database) {}

  #imageSeq(image: ImageKey): number | undefined {
    const row = this.db
      .prepare('SELECT seq FROM images WHERE integration_id = ? AND repository = ? AND digest = ?')
      .get(image.integrationId, image.repository, image.digest) as { seq: number } | undefined;
    return row?.seq;
  }

  async getCachedLayer(digest: string): Promise<CachedLayer | undefined> {
    const row = this.db
      .prepare(
        `SELECT l.diff_id, l.inventory, l.uncompressed_bytes FROM layer_blobs b JOIN layer_inventories l ON l.diff_id = b.diff_id
         WHERE b.digest = ?`,
      )
      .get(digest) as { diff_id: string; inventory: string; uncompressed_bytes: number } | undefined;
    if (!row) return undefined;
    return {
      diffId: row.diff_id,
      inventory: JSON.parse(row.inventory) as LayerInventory,
      uncompressedBytes: row.uncompressed_bytes,
    };
  }

  async putCachedLayer(layer: LayerInventoryInsert, now: number): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO layer_inventories (diff_id, inventory, uncompressed_bytes, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (diff_id) DO NOTHING`,
        )
        .run(layer.diffId, JSON.stringify(layer.inventory), layer.uncompressedBytes, now);
      this.db
        .prepare(
          `INSERT INTO layer_blobs (digest, diff_id, compressed_bytes, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (digest) DO NOTHING`,
        )
        .run(layer.digest, layer.diffId, layer.compressedBytes, now);
    })();
  }

  async countCachedLayers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM layer_inventories').get() as { n: number }).n;
  }

  async saveImageAnalysis(image: ImageKey, analysis: ImageAnalysisInsert, now: number): Promise<void> {
    this.db.transaction(() => {
      const seq = this.#imageSeq(image);
      if (seq === undefined) return; // deleted meanwhile (integration removed): nothing to attach to
      this.db.prepare('DELETE FROM image_packages WHERE image_seq = ?').run(seq);
      const insert = this.db.prepare(
        `INSERT INTO image_packages (image_seq, ord, type, name, version, purl, source_name, layer, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      [...analysis.packages].sort(comparePackages).forEach((pkg, ord) => {
        insert.run(seq, ord, pkg.type, pkg.name, pkg.version, pkg.purl, pkg.source?.name ?? null, pkg.layer, json(pkg));
      });
      this.db
        .prepare(
          `INSERT INTO image_analyses (image_seq, analyzed_at, distro, package_count, duration_ms, layers_read,
           layers_cached, errors, error, error_permanent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)
           ON CONFLICT (image_seq) DO UPDATE SET analyzed_at = excluded.analyzed_at, distro = excluded.distro,
           package_count = excluded.package_count, duration_ms = excluded.duration_ms,
           layers_read = excluded.layers_read, layers_cached = excluded.layers_cached, errors = excluded.errors,
           error = NULL, error_permanent = 0, updated_at = excluded.updated_at`,
        )
        .run(
          seq,
          now,
          analysis.distro ? JSON.stringify(analysis.distro) : null,
          analysis.packages.length,
          Math.round(analysis.durationMs),
          analysis.layersRead,
          analysis.layersCached,
          JSON.stringify(analysis.errors),
          now,
        );
      this.db.prepare(`UPDATE images SET status = 'ANALYZED' WHERE seq = ? AND status <> 'DELETED'`).run(seq);
    })();
  }

  async recordAnalysisFailure(image: ImageKey, error: string, permanent: boolean, now: number): Promise<void> {
    const seq = this.#imageSeq(image);
    if (seq === undefined) return;
    this.db
      .prepare(
        `INSERT INTO image_analyses (image_seq, error, error_permanent, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (image_seq) DO UPDATE SET error = excluded.error, error_permanent = excluded.error_permanent,
         updated_at = excluded.updated_at`,
      )
      .run(seq, error, permanent ? 1 : 0, now);
  }

  async getImageAnalysis(image: ImageKey): Promise<ImageAnalysisSummary | undefined> {
    const row = this.db
      .prepare(
        `SELECT ${IMAGE_ANALYSIS_COLUMN} FROM images i WHERE i.integration_id = ? AND i.repository = ? AND i.digest = ?`,
      )
      .get(image.integrationId, image.repository, image.digest) as { analysis: string | null } | undefined;
    return toAnalysisSummary(row?.analysis) ?? undefined;
  }

  async listImagePackages(image: ImageKey, query: PackageQuery): Promise<StoredPackage[] | undefined> {
    const seq = this.#imageSeq(image);
    if (seq === undefined) return undefined;
    const filters: string[] = [];
    const args: unknown[] = [seq, query.after ?? -1];
    if (query.type !== undefined) {
      filters.push('AND type = ?');
      args.push(query.type);
    }
    if (query.name !== undefined && query.name !== '') {
      filters.push('AND instr(lower(name), lower(?)) > 0');
      args.push(query.name);
    }
    args.push(query.limit);
    return this.db
      .prepare(
        `SELECT ord, data FROM image_packages WHERE image_seq = ? AND ord > ? ${filters.join(' ')}
         ORDER BY ord LIMIT ?`,
      )
      .all(...args)
      .map((r) => {
        const row = r as { ord: number; data: string };
        return { ...(JSON.parse(row.data) as ImagePackage), ord: row.ord };
      });
  }
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
