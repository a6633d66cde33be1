import type { Distro, ImagePackage } from '../analysis/index.js';
import type { SeverityCounts, VulnerabilityFinding } from '../matching/index.js';
import type { Severity } from '../vuln/index.js';

/** A finding as a history entry names it (enough to tell what appeared or went away). */
export interface FindingRef {
  id: string;
  purl: string;
  package: string;
  severity?: Severity;
}

/** The result of matching one image, to store. */
export interface MatchInsert {
  kind: 'analysis' | 'rematch';
  /** `importedAt` of the vulnerability database; null when there was none (no findings stored). */
  dbVersion: string | null;
  findings: VulnerabilityFinding[] | null;
  counts: SeverityCounts | null;
  added: FindingRef[];
  resolved: FindingRef[];
}

/** A stored finding with its position (the pagination key). */
export interface StoredFinding extends VulnerabilityFinding {
  ord: number;
}

/** A page request over an image's findings (sorted worst first). */
export interface FindingQuery {
  severities?: Severity[] | undefined;
  fixable?: boolean | undefined;
  packageType?: string | undefined;
  /** Matches the display id or any alias. */
  id?: string | undefined;
  after?: number | undefined;
  limit: number;
}

export interface HistoryRow {
  seq: number;
  kind: 'analysis' | 'rematch';
  dbVersion: string | null;
  at: number;
  counts: SeverityCounts | null;
  addedCount: number;
  resolvedCount: number;
  added: FindingRef[];
  resolved: FindingRef[];
}

/** What re-matching an image needs, read from the store (no registry access). */
export interface StoredInventory {
  seq: number;
  distro: Distro | undefined;
  packages: ImagePackage[];
  previous: Array<Pick<VulnerabilityFinding, 'id' | 'package' | 'severity'>>;
}
