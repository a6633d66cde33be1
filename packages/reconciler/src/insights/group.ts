/** Findings grouped by package, worst package first — the shape `cves` prints. */
import type { Severity, Vulnerability } from '@scout-acr/sdk/client';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, unspecified: 4 };

/** One package with its findings. */
export interface PackageFindings {
  purl: string;
  name: string;
  version: string;
  type: Vulnerability['package']['type'];
  findings: Vulnerability[];
}

/** Worst first, then the higher CVSS score, then by id (stable output). */
export function compareFindings(a: Vulnerability, b: Vulnerability): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (b.score ?? -1) - (a.score ?? -1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Groups by package purl; packages ordered by their worst finding, then by finding count, then by name. */
export function groupByPackage(findings: readonly Vulnerability[]): PackageFindings[] {
  const groups = new Map<string, PackageFindings>();
  for (const v of findings) {
    let group = groups.get(v.package.purl);
    if (!group) {
      group = {
        purl: v.package.purl,
        name: v.package.name,
        version: v.package.version,
        type: v.package.type,
        findings: [],
      };
      groups.set(v.package.purl, group);
    }
    group.findings.push(v);
  }
  const out = [...groups.values()];
  for (const g of out) g.findings.sort(compareFindings);
  return out.sort(
    (a, b) =>
      compareFindings(a.findings[0] as Vulnerability, b.findings[0] as Vulnerability) ||
      b.findings.length - a.findings.length ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** Counts per severity. */
export function countSeverities(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, unspecified: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** `1C 2H 8M 0L` (plus `3U` when some findings have no severity), the `docker scout` summary style. */
export function severityLine(counts: Record<Severity, number>): string {
  const text = `${counts.critical}C ${counts.high}H ${counts.medium}M ${counts.low}L`;
  return counts.unspecified > 0 ? `${text} ${counts.unspecified}U` : text;
}
