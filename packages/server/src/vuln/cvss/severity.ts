/** Docker Scout's severity names. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unspecified';

/**
 * Maps a CVSS score to a severity with Docker Scout's bands: critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0,
 * low > 0, otherwise (0, missing, not a number) unspecified.
 */
export function severityFromScore(score: number | undefined | null): Severity {
  if (score === undefined || score === null || !Number.isFinite(score)) return 'unspecified';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unspecified';
}
