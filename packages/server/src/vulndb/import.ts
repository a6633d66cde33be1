import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redactUrl } from '@scout-acr/sdk';
import Database from 'better-sqlite3';
import { VulnDbImportError } from './errors.js';
import { acquireImportLock } from './lock.js';
import { VULNDB_FILE, VULNDB_NEXT_FILE, VULNDB_SCHEMA_VERSION } from './schema.js';
import { SecdbCollector } from './secdb.js';
import { readSource } from './sources.js';
import { readMeta } from './sqlite-db.js';
import type { VulnDbStatus } from './types.js';
import { VulnDbWriter } from './writer.js';

/** Progress of an import or update, reported as it goes. */
export interface VulnDbProgress {
  phase: 'download' | 'import' | 'done';
  /** The source (path or URL) being worked on. */
  source?: string;
  /** Records read so far (import phase). */
  records?: number;
  /** Bytes received so far and, when known, in total (download phase). */
  bytes?: number;
  totalBytes?: number;
}

/** Options of {@link importOsv}. */
export interface ImportOptions {
  /** Where `vulndb.sqlite` lives (created if missing). */
  dataDir: string;
  onProgress?: (progress: VulnDbProgress) => void;
  /**
   * `replace` (default): the new database holds exactly the given sources. `merge`: it starts as a copy of the
   * live one and the given sources are added (a record with an existing id replaces it).
   */
  mode?: 'replace' | 'merge';
  /** How each source is named in the status (e.g. the URL it was downloaded from); defaults to the path. */
  label?: (source: string) => string;
  signal?: AbortSignal;
}

const PROGRESS_EVERY = 1000;

/** Reads the live database's sources so that a merge keeps them listed. */
function liveSources(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const meta = readMeta(db);
    if (meta.schemaVersion !== VULNDB_SCHEMA_VERSION) throw new VulnDbImportError('cannot merge into an old schema');
    return meta.sources;
  } finally {
    db.close();
  }
}

/**
 * Imports OSV records into the data directory's vulnerability database, atomically: the new database is built
 * in `vulndb.sqlite.next` and renamed over `vulndb.sqlite` only once complete, so readers keep the old one
 * until then and a failed import changes nothing. Sources are directories of OSV JSON/YAML records, single
 * files, OSV `all.zip` archives, and Alpine secdb YAML (see {@link readSource}). Withdrawn records are dropped;
 * unreadable records are skipped and counted in the status.
 * @returns the status of the new database.
 * @throws VulnDbBusyError when another import runs in the same directory.
 * @throws VulnDbImportError when a source cannot be read or the database cannot be written.
 */
export async function importOsv(source: string | readonly string[], options: ImportOptions): Promise<VulnDbStatus> {
  const sources = typeof source === 'string' ? [source] : [...source];
  const { dataDir, onProgress } = options;
  await mkdir(dataDir, { recursive: true });
  const release = await acquireImportLock(dataDir);
  const live = join(dataDir, VULNDB_FILE);
  const next = join(dataDir, VULNDB_NEXT_FILE);
  let writer: VulnDbWriter | undefined;
  try {
    await rm(next, { force: true });
    const newLabels = sources.map((s) => redactUrl(options.label?.(s) ?? s));
    let labels = newLabels;
    const merging =
      options.mode === 'merge' &&
      (await copyFile(live, next).then(
        () => true,
        () => false,
      ));
    if (merging) labels = [...new Set([...liveSources(next), ...labels])];
    writer = new VulnDbWriter(next, !merging);
    const secdb = new SecdbCollector();
    let records = 0;
    for (const [i, path] of sources.entries()) {
      onProgress?.({ phase: 'import', source: newLabels[i], records });
      for await (const item of readSource(path, secdb)) {
        options.signal?.throwIfAborted();
        if (item.kind === 'invalid') writer.skipInvalid(item.origin, item.reason);
        else writer.put(item.record);
        if (++records % PROGRESS_EVERY === 0) onProgress?.({ phase: 'import', source: newLabels[i], records });
      }
    }
    for (const record of secdb.result()) writer.put(record);
    const status = writer.finish(labels, new Date());
    writer = undefined;
    await rename(next, live);
    onProgress?.({ phase: 'done', records });
    return status;
  } catch (error) {
    writer?.abort();
    await rm(next, { force: true });
    if (error instanceof VulnDbImportError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new VulnDbImportError(`vulnerability database import failed: ${reason}`, error);
  } finally {
    await release();
  }
}
