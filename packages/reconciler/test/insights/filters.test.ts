import { describe, expect, it } from 'vitest';
import { InsightUsageError } from '../../src/insights/errors.js';
import { applyCveFilters, parseCveFilters } from '../../src/insights/filters.js';
import { vuln } from './fixtures.js';

const findings = [
  vuln({ id: 'CVE-2021-23337', severity: 'high', aliases: ['GHSA-35jh-r3h4-6jhm'] }),
  vuln({ id: 'CVE-2020-8203', severity: 'medium' }),
  vuln(
    { id: 'CVE-2024-0553', severity: 'critical', fixedVersions: [], fixState: 'not-fixed' },
    { name: 'libgnutls30', version: '3.7.3', type: 'deb' },
  ),
];

describe('cves filters', () => {
  it('parses lists case-insensitively', () => {
    expect(
      parseCveFilters({
        onlySeverity: 'Critical, high',
        onlyPackageType: 'DEB',
        onlyCveId: 'cve-2021-23337',
        onlyFixed: true,
      }),
    ).toEqual({
      severities: ['critical', 'high'],
      packageTypes: ['deb'],
      ids: ['CVE-2021-23337'],
      fixed: true,
    });
  });

  it('refuses unknown severities and package types, and fixed with unfixed', () => {
    expect(() => parseCveFilters({ onlySeverity: 'severe' })).toThrow(InsightUsageError);
    expect(() => parseCveFilters({ onlyPackageType: 'cargo' })).toThrow(/--only-package-type/);
    expect(() => parseCveFilters({ onlyFixed: true, onlyUnfixed: true })).toThrow(InsightUsageError);
  });

  it('filters by severity, fix, package type and id (aliases match)', () => {
    const ids = (f: Parameters<typeof parseCveFilters>[0]) =>
      applyCveFilters(findings, parseCveFilters(f)).map((v) => v.id);
    expect(ids({ onlySeverity: 'critical,high' })).toEqual(['CVE-2021-23337', 'CVE-2024-0553']);
    expect(ids({ onlyFixed: true })).toEqual(['CVE-2021-23337', 'CVE-2020-8203']);
    expect(ids({ onlyUnfixed: true })).toEqual(['CVE-2024-0553']);
    expect(ids({ onlyPackageType: 'deb' })).toEqual(['CVE-2024-0553']);
    expect(ids({ onlyCveId: 'GHSA-35jh-r3h4-6jhm' })).toEqual(['CVE-2021-23337']);
    expect(ids({ onlySeverity: 'low' })).toEqual([]);
    expect(ids({})).toHaveLength(3);
  });
});
