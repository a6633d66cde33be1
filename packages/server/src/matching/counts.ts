import type { SeverityCounts, VulnerabilityFinding } from './types.js';

/** Counts findings per severity (each finding once), plus the total. */
export function countBySeverity(findings: readonly Pick<VulnerabilityFinding, 'severity'>[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unspecified: 0, total: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    counts.total++;
  }
  return counts;
}
