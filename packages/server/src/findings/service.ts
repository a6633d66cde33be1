import type { Logger } from '@scout-acr/sdk';
import type { ImageInventory } from '../analysis/index.js';
import { countBySeverity, rematchImages, type VulnerabilityFinding } from '../matching/index.js';
import type { FindingRef, ImageRecord, SqliteFindingsStore } from '../store/index.js';
import { openVulnDb, type SqliteVulnDb, type VulnDbStatus, vulnDbStatus } from '../vulndb/index.js';

export interface FindingsServiceOptions {
  store: SqliteFindingsStore;
  /** The data directory holding `vulndb.sqlite` (shared with `scout-acr-server db import|update`). */
  dataDir: string;
  logger: Logger;
  now: () => number;
  /** How often the database file is checked for a new import, in ms; 0 disables polling. Default 10 000. */
  pollMs?: number;
}

/** The outcome of re-matching every stored image after a database change. */
export interface RematchSummary {
  images: number;
  added: number;
  resolved: number;
}

const toRef = (f: Pick<VulnerabilityFinding, 'id' | 'package'> & { severity?: VulnerabilityFinding['severity'] }) => {
  const ref: FindingRef = { id: f.id, purl: f.package.purl, package: f.package.name };
  if (f.severity) ref.severity = f.severity;
  return ref;
};

/**
 * Vulnerability matching in the server. Holds the live database (`<dataDir>/vulndb.sqlite`, read-only; absent
 * until imported), matches each image once its inventory is stored, and notices a new import (by its
 * `importedAt`, polled) to re-match every stored image from its stored packages, without a registry pull,
 * recording what each re-match added and resolved.
 */
export class FindingsService {
  #db: SqliteVulnDb | undefined;
  #loadedAt: number | null = null;
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<boolean> | undefined;

  constructor(private readonly options: FindingsServiceOptions) {}

  /** Where findings and match history are kept. */
  get store(): SqliteFindingsStore {
    return this.options.store;
  }

  /** `importedAt` of the loaded database: the version findings are stamped with. */
  get dbVersion(): string | null {
    return this.#db?.status.importedAt ?? null;
  }

  /** The loaded database's status (or the file's when none is loaded yet), with when the server loaded it. */
  status(): VulnDbStatus & { loadedAt: number | null } {
    const status = this.#db?.status ?? vulnDbStatus(this.options.dataDir);
    return { ...status, loadedAt: this.#db ? this.#loadedAt : null };
  }

  /** Opens the database if present, then polls for new imports. */
  async start(): Promise<void> {
    const pollMs = this.options.pollMs ?? 10_000;
    if (pollMs > 0) {
      this.#timer = setInterval(() => {
        this.checkForUpdate().catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'vulnerability database check failed'),
        );
      }, pollMs);
      this.#timer.unref();
    }
    await this.checkForUpdate();
  }

  /** Stops polling and closes the database; waits for a re-match in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#checking?.catch(() => undefined);
    this.#db?.close();
    this.#db = undefined;
  }

  /**
   * Loads the database file if it is newer than the loaded one (another `importedAt`) and, if so, re-matches
   * every stored image. Concurrent calls share one run. Returns true when a new database was loaded.
   */
  checkForUpdate(): Promise<boolean> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #check(): Promise<boolean> {
    const onDisk = vulnDbStatus(this.options.dataDir);
    if (!onDisk.present || onDisk.importedAt === this.dbVersion) return false;
    const next = openVulnDb(this.options.dataDir);
    const previous = this.#db;
    this.#db = next;
    this.#loadedAt = this.options.now();
    previous?.close();
    this.options.logger.info(
      { importedAt: next.status.importedAt, records: next.status.records },
      'vulnerability database loaded',
    );
    const summary = this.rematchAll();
    this.options.logger.info(summary, 'stored images re-matched');
    return true;
  }

  /** Matches one image's freshly stored inventory (the analyzer's `onInventory` seam). */
  async onInventory(image: ImageRecord, inventory: ImageInventory): Promise<void> {
    const { store, now } = this.options;
    const seq = store.imageSeq(image);
    if (seq === undefined) return;
    const previous = store.allFindings(seq);
    const db = this.#db;
    if (!db) {
      store.saveMatch(
        seq,
        { kind: 'analysis', dbVersion: null, findings: null, counts: null, added: [], resolved: previous.map(toRef) },
        now(),
      );
      return;
    }
    const [result] = rematchImages([{ imageId: String(seq), inventory, previous, options: { ubuntuPro: false } }], db);
    if (!result) return;
    store.saveMatch(
      seq,
      {
        kind: 'analysis',
        dbVersion: this.dbVersion,
        findings: result.findings,
        counts: countBySeverity(result.findings),
        added: result.added.map(toRef),
        resolved: result.resolved.map(toRef),
      },
      now(),
    );
  }

  /**
   * Re-matches every analyzed image from its stored packages against the loaded database, skipping those
   * already matched with it.
   */
  rematchAll(): RematchSummary {
    const { store, now } = this.options;
    const db = this.#db;
    const summary: RematchSummary = { images: 0, added: 0, resolved: 0 };
    if (!db) return summary;
    for (const { seq, dbVersion } of store.analyzedImages()) {
      // Already matched with this very database (e.g. a server restart): nothing can have changed.
      if (dbVersion === this.dbVersion) continue;
      const stored = store.storedInventory(seq);
      if (!stored) continue;
      const inventory: ImageInventory = { packages: stored.packages, errors: [] };
      if (stored.distro) inventory.distro = stored.distro;
      const [result] = rematchImages(
        [{ imageId: String(seq), inventory, previous: stored.previous, options: { ubuntuPro: false } }],
        db,
      );
      if (!result) continue;
      store.saveMatch(
        seq,
        {
          kind: 'rematch',
          dbVersion: this.dbVersion,
          findings: result.findings,
          counts: countBySeverity(result.findings),
          added: result.added.map(toRef),
          resolved: result.resolved.map(toRef),
        },
        now(),
      );
      summary.images++;
      summary.added += result.added.length;
      summary.resolved += result.resolved.length;
    }
    return summary;
  }
}
