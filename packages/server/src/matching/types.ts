import type { PackageType } from '../analysis/index.js';
import type { Severity } from '../vuln/index.js';

/** The package a finding is about, as the inventory described it. */
export interface FindingPackage {
  purl: string;
  name: string;
  version: string;
  type: PackageType;
  /** The package name advisories use when it differs (the distro source package). */
  sourceName?: string;
  /** Files that declared the package. */
  locations: string[];
  /** diffID of the layer that introduced it. */
  layer: string;
}

/** One vulnerability (an alias group of advisories) affecting one package of an image. */
export interface VulnerabilityFinding {
  /** Display id: the CVE when the group has exactly one, else a GHSA, else the matched record's own id. */
  id: string;
  /** Every other id of the group (advisory ids and their aliases), sorted. */
  aliases: string[];
  /** The records that matched (e.g. `GHSA-…` and `PYSEC-…` for one PyPI vulnerability). */
  advisoryIds: string[];
  /** The ecosystem entry that matched, e.g. `Ubuntu:22.04:LTS`, `PyPI`. */
  ecosystem: string;
  package: FindingPackage;
  /** The version compared with the advisory ranges (the binary's, or the source package's when dpkg names one). */
  matchedVersion: string;
  severity: Severity;
  /** CVSS score of `vector`, when the advisories carry a v3.x or v4.0 vector. */
  score?: number;
  vector?: string;
  /** Versions that fix it for this package, ascending; empty when no fix is known. */
  fixedVersions: string[];
  fixState: 'fixed' | 'not-fixed';
  /** The affected interval(s) containing the version, e.g. `>=2.3.0, <2.31.0`. */
  affectedRanges: string[];
  summary?: string;
  url: string;
  published?: string;
  modified?: string;
}

/** Findings counted per severity. */
export type SeverityCounts = Record<Severity, number> & { total: number };
