import { describe, expect, it } from 'vitest';
import type { ImageInventory } from '../../src/analysis/index.js';
import { matchPackages, rematchImages } from '../../src/matching/index.js';
import { InMemoryVulnDb, SecdbCollector } from '../../src/vulndb/index.js';
import { ALPINE_311, fixtureDb, fixtureRecord, pkg } from './fixtures.js';

/** PYSEC-2023-74 republished under its GHSA alias (as github/advisory-database has it), same ranges. */
function ghsaTwin(): Record<string, unknown> {
  const pysec = fixtureRecord('PyPI', 'PYSEC-2023-74');
  return { ...pysec, id: 'GHSA-j8r2-6x86-q33q', aliases: ['CVE-2023-32681'] };
}

describe('alias groups', () => {
  it('reports PYSEC-2023-74 and its GHSA twin once, with both record ids', () => {
    const findings = matchPackages([pkg('pypi', 'requests', '2.30.0')], fixtureDb([ghsaTwin()]), undefined);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'CVE-2023-32681',
      advisoryIds: ['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74'],
      aliases: ['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74'],
      fixedVersions: ['2.31.0'],
    });
  });

  it('ignores withdrawn records', () => {
    const withdrawn = { ...fixtureRecord('npm', 'GHSA-grv7-fg5c-xmjg'), withdrawn: '2024-06-01T00:00:00Z' };
    expect(matchPackages([pkg('npm', 'braces', '3.0.2')], fixtureDb(), undefined)).toHaveLength(1);
    expect(matchPackages([pkg('npm', 'braces', '3.0.2')], new InMemoryVulnDb([withdrawn]), undefined)).toEqual([]);
  });

  it('treats a secdb fixed version of 0 as "not affected"', () => {
    const secdb = new SecdbCollector();
    secdb.add(
      [
        'distroversion: v3.11',
        'reponame: main',
        'packages:',
        '  - pkg:',
        '      name: demo',
        '      secfixes:',
        '        0:',
        '          - CVE-2020-0001',
        '        1.10-r0:',
        '          - CVE-2020-0002 (+ regression fix)',
        '          - CVE_2020-0003',
      ].join('\n'),
      'demo.yaml',
    );
    const records = secdb.result();
    expect(records.map((r) => r.advisory.id).sort()).toEqual(['ALPINE-CVE-2020-0002', 'ALPINE-CVE-2020-0003']);
    const findings = matchPackages(
      [pkg('apk', 'demo', '1.9-r0', {}, ALPINE_311)],
      new InMemoryVulnDb(records),
      ALPINE_311,
    );
    expect(findings.map((f) => [f.id, f.fixedVersions])).toEqual([
      ['CVE-2020-0002', ['1.10-r0']],
      ['CVE-2020-0003', ['1.10-r0']],
    ]);
  });
});

describe('rematchImages', () => {
  it('reports new and resolved findings by (id, purl) under a new database', () => {
    const inventory: ImageInventory = {
      packages: [pkg('npm', 'lodash', '4.17.11'), pkg('pypi', 'requests', '2.30.0')],
      errors: [],
    };
    const oldDb = new InMemoryVulnDb([
      fixtureRecord('npm', 'GHSA-jf85-cpcp-j695'),
      fixtureRecord('PyPI', 'PYSEC-2023-74'),
    ]);
    const newDb = new InMemoryVulnDb([
      fixtureRecord('npm', 'GHSA-jf85-cpcp-j695'),
      fixtureRecord('npm', 'GHSA-35jh-r3h4-6jhm'),
    ]);
    const previous = matchPackages(inventory.packages, oldDb, undefined);
    expect(previous.map((f) => f.id).sort()).toEqual(['CVE-2019-10744', 'CVE-2023-32681']);
    const [result] = rematchImages([{ imageId: 'sha256:img', inventory, previous }], newDb);
    expect(result!.imageId).toBe('sha256:img');
    expect(result!.added.map((f) => f.id)).toEqual(['CVE-2021-23337']);
    expect(result!.resolved.map((f) => [f.id, f.package.purl])).toEqual([
      ['CVE-2023-32681', 'pkg:pypi/requests@2.30.0'],
    ]);
    expect(result!.findings.map((f) => f.id).sort()).toEqual(['CVE-2019-10744', 'CVE-2021-23337']);
  });
});
