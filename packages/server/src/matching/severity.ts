import type { OsvSeverity } from '../vuln/index.js';
import { type Severity, scoreOsvSeverity } from '../vuln/index.js';
import type { VulnAdvisory } from '../vulndb/types.js';

/** A severity with the CVSS score and vector it came from, when it came from one. */
export interface Rating {
  severity: Severity;
  score?: number;
  vector?: string;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unspecified: 0 };

/**
 * A database's own rating in Scout's names: GHSA `CRITICAL/HIGH/MODERATE/LOW`, Ubuntu priorities
 * (`negligible` counts as low; `untriaged` as unspecified), Debian urgencies.
 */
export function severityFromRating(rating: string | undefined): Severity {
  switch (rating?.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'low';
    default:
      return 'unspecified';
  }
}

/**
 * Rates one advisory for one package: the CVSS base score of a v3.x vector (else v4.0) from the package's own
 * `affected[].severity`, then the record's `severity[]`; without a scorable vector, the database's rating
 * (`Ubuntu` severity entries, `database_specific.severity`).
 */
export function rateAdvisory(advisory: VulnAdvisory, affectedSeverity?: readonly OsvSeverity[]): Rating {
  const cvss = scoreOsvSeverity(affectedSeverity) ?? scoreOsvSeverity(advisory.severity);
  if (cvss) return { severity: cvss.severity, score: cvss.score, vector: cvss.vector };
  const distroRating = advisory.severity.find((s) => s.type === 'Ubuntu' || s.type === 'Debian')?.score;
  return { severity: severityFromRating(distroRating ?? advisory.databaseSeverity) };
}

/** The more severe of two ratings: a higher CVSS score wins, a scored rating beats an unscored one of equal band. */
export function worseRating(a: Rating, b: Rating): Rating {
  if (a.score !== undefined && b.score !== undefined) return b.score > a.score ? b : a;
  if (RANK[b.severity] !== RANK[a.severity]) return RANK[b.severity] > RANK[a.severity] ? b : a;
  return a.score !== undefined ? a : b;
}
