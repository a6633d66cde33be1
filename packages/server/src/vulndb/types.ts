import type { OsvAffected, OsvSeverity } from '../vuln/index.js';

/** A reference link of an advisory (`references[]` in OSV). */
export interface VulnReference {
  type: string;
  url: string;
}

/**
 * One advisory as the database keeps it: the OSV fields the matcher and the API show, without `details`
 * (only a one-line summary) and with `affected[]` stored separately, per package.
 */
export interface VulnAdvisory {
  id: string;
  /** Other ids of the same vulnerability (CVE, GHSA, PYSEC, GO, distro ids), from `aliases` (and `upstream`). */
  aliases: string[];
  summary?: string;
  /** `severity[]`: CVSS vectors and distro ratings (`Ubuntu` priorities). */
  severity: OsvSeverity[];
  /** `database_specific.severity` (GHSA `HIGH`/`MODERATE`…, Ubuntu priorities) when present. */
  databaseSeverity?: string;
  references: VulnReference[];
  published?: string;
  modified?: string;
}

/** One `affected[]` entry of an advisory, for one package of one ecosystem (release included). */
export interface AdvisoryMatchCandidate {
  advisory: VulnAdvisory;
  /** The full OSV ecosystem string of the entry, e.g. `Ubuntu:22.04:LTS`. */
  ecosystem: string;
  affected: OsvAffected;
}

/**
 * What the matcher needs from a vulnerability database: every `affected` entry naming a package in an
 * ecosystem family (`Debian`, `Ubuntu`, `Alpine`, `Red Hat`, `npm`, `PyPI`, `Go`, `Maven`, `crates.io`), all
 * releases included. `name` is normalised by the implementation with {@link normalizePackageName}.
 * Implemented by the SQLite database and by {@link InMemoryVulnDb}.
 */
export interface VulnLookup {
  candidates(family: string, name: string): AdvisoryMatchCandidate[];
}

/** Record counts and provenance of the current database (the `meta` table). */
export interface VulnDbStatus {
  /** False when no database has been imported yet (every other field is then empty). */
  present: boolean;
  schemaVersion?: number;
  /** ISO time the import finished. */
  importedAt?: string;
  /** Newest `modified` time over all records: how fresh the data is. */
  newestModified?: string;
  /** The sources imported (paths or URLs, credentials never included). */
  sources: string[];
  /** Advisories stored, per ecosystem family. */
  recordsByEcosystem: Record<string, number>;
  /** Advisories stored in total. */
  records: number;
  /** Withdrawn records skipped. */
  withdrawn: number;
  /** Multi-CVE distro notices (USN, DSA, DLA) skipped in favour of per-CVE records; see `isBundledNotice`. */
  bundledNotices: number;
  /** Records that could not be read (bad JSON, no id), skipped; a few reasons are kept in `invalidSamples`. */
  invalid: number;
  invalidSamples: string[];
}
