import { describe, expect, it } from 'vitest';
import { countSeverities, groupByPackage, severityLine } from '../../src/insights/group.js';
import { renderCvesText } from '../../src/insights/render-text.js';
import { formatAge, painter, renderTable, visibleWidth } from '../../src/insights/table.js';
import { vuln } from './fixtures.js';

const findings = [
  vuln({ id: 'CVE-B', severity: 'medium', score: 5.3 }),
  vuln({ id: 'CVE-A', severity: 'high', score: 7.2, vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }),
  vuln(
    { id: 'CVE-C', severity: 'critical', fixedVersions: [], fixState: 'not-fixed' },
    { name: 'libgnutls30', version: '3.7.3', type: 'deb' },
  ),
];

describe('grouping', () => {
  it('groups by package, worst package first and worst finding first', () => {
    const groups = groupByPackage(findings);
    expect(groups.map((g) => g.name)).toEqual(['libgnutls30', 'lodash']);
    expect(groups[1]?.findings.map((f) => f.id)).toEqual(['CVE-A', 'CVE-B']);
  });

  it('summarises counts docker-scout style', () => {
    expect(severityLine(countSeverities(findings))).toBe('1C 1H 1M 0L');
    expect(severityLine({ critical: 0, high: 0, medium: 0, low: 0, unspecified: 2 })).toBe('0C 0H 0M 0L 2U');
  });
});

describe('tables', () => {
  it('aligns columns, colour-aware, and trims trailing space', () => {
    const paint = painter(true);
    const text = renderTable(
      [
        [paint.red('a'), 'bb', ''],
        ['ccc', 'd', 'e'],
      ],
      ['X', 'Y', 'Z'],
    );
    const plain = text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(plain).toBe('X    Y   Z\na    bb\nccc  d   e\n');
    expect(visibleWidth(paint.red('abc'))).toBe(3);
  });

  it('writes no escape codes when colour is off', () => {
    const text = renderCvesText('r/api:v1', findings, painter(false));
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('3 vulnerabilities (1C 1H 1M 0L) in 2 packages');
    expect(text).toMatch(
      /CVE-A +HIGH +7\.2 +< 4\.17\.21 +fixed in 4\.17\.21 +https:\/\/osv\.dev\/vulnerability\/CVE-A/,
    );
    expect(text).toMatch(/CVE-C +CRITICAL +- +< 4\.17\.21 +not fixed/);
    expect(text).toContain('CVE-A vector CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H');
  });

  it('formats ages in one unit', () => {
    expect([formatAge(5), formatAge(120), formatAge(7_200), formatAge(3 * 86_400)]).toEqual(['5s', '2m', '2h', '3d']);
  });
});
