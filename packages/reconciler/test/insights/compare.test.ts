import { describe, expect, it } from 'vitest';
import { findBaseImage } from '../../src/insights/base-image.js';
import { diffImages } from '../../src/insights/compare.js';
import { cvssVersion, toFormatInput } from '../../src/insights/format-input.js';
import { image, pkg, vuln } from './fixtures.js';

describe('diffImages', () => {
  it('reports packages and findings added, removed and changed (new relative to old)', () => {
    const old = {
      packages: [pkg('openssl', '3.0.1'), pkg('zlib', '1.2'), pkg('gone', '1')],
      findings: [vuln({ id: 'CVE-1', severity: 'low' }), vuln({ id: 'CVE-2' }), vuln({ id: 'CVE-OLD' })],
    };
    const next = {
      packages: [pkg('openssl', '3.0.2'), pkg('zlib', '1.2'), pkg('new', '2', 'npm')],
      findings: [vuln({ id: 'CVE-1', severity: 'high' }), vuln({ id: 'CVE-2' }), vuln({ id: 'CVE-NEW' })],
    };
    const diff = diffImages(old, next);
    expect(diff.packages.added.map((p) => p.name)).toEqual(['new']);
    expect(diff.packages.removed.map((p) => p.name)).toEqual(['gone']);
    expect(diff.packages.changed).toEqual([{ type: 'deb', name: 'openssl', from: '3.0.1', to: '3.0.2' }]);
    expect(diff.vulnerabilities.added.map((v) => v.id)).toEqual(['CVE-NEW']);
    expect(diff.vulnerabilities.removed.map((v) => v.id)).toEqual(['CVE-OLD']);
    expect(diff.vulnerabilities.changed).toMatchObject([
      { id: 'CVE-1', from: { severity: 'low' }, to: { severity: 'high' } },
    ]);
  });

  it('finds nothing between an image and itself', () => {
    const same = { packages: [pkg('a', '1')], findings: [vuln({ id: 'CVE-1' })] };
    const diff = diffImages(same, same);
    expect([diff.packages, diff.vulnerabilities].flatMap((d) => [...d.added, ...d.removed, ...d.changed])).toEqual([]);
  });
});

describe('findBaseImage', () => {
  const app = image('sha256:app', ['l1', 'l2', 'l3']);
  it('picks the analyzed image with the longest strict layer prefix', () => {
    const os = image('sha256:os', ['l1']);
    const runtime = image('sha256:rt', ['l1', 'l2']);
    const other = image('sha256:other', ['x1']);
    const same = image('sha256:same', ['l1', 'l2', 'l3']);
    const pending = image('sha256:pending', ['l1', 'l2'], { status: 'RECORDED' });
    expect(findBaseImage(app, [os, runtime, other, same, pending, app])?.digest).toBe('sha256:rt');
    expect(findBaseImage(app, [other, same])).toBeUndefined();
  });
});

describe('toFormatInput', () => {
  it('maps findings and their packages for the SDK formats', () => {
    const input = toFormatInput({
      loginServer: 'contoso.azurecr.io',
      image: image('sha256:app', ['l1']),
      findings: [vuln({ id: 'CVE-1', score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })],
      generatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(input.packages.map((p) => p.purl)).toEqual(['pkg:npm/lodash@4.17.15']);
    expect(input.findings?.[0]).toMatchObject({
      id: 'CVE-1',
      packagePurl: 'pkg:npm/lodash@4.17.15',
      cvss: { score: 9.8, version: '3.1' },
      affectedRange: '< 4.17.21',
    });
    expect(cvssVersion('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBe('2.0');
    expect(cvssVersion('CVSS:4.0/AV:N')).toBe('4.0');
  });
});
