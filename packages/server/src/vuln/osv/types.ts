/*
 * The parts of the OSV schema (https://ossf.github.io/osv-schema/) that range evaluation reads. Records carry
 * many more fields; these types only describe what this module relies on.
 */

/** One event of a range timeline; exactly one field is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** `affected[].ranges[]`. */
export interface OsvRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT' | (string & {});
  repo?: string;
  events: OsvEvent[];
  database_specific?: unknown;
}

/** `affected[].package`. */
export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

/** `affected[]`: one package's affected ranges and enumerated versions. */
export interface OsvAffected {
  package?: OsvPackage;
  ranges?: OsvRange[];
  versions?: string[];
  severity?: OsvSeverity[];
  ecosystem_specific?: unknown;
  database_specific?: unknown;
}

/** `severity[]`: a scoring system and its vector (`CVSS_V3`, `CVSS_V4`, …). */
export interface OsvSeverity {
  type: string;
  score: string;
}
