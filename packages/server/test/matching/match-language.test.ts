import { describe, expect, it } from 'vitest';
import { countBySeverity, matchPackages } from '../../src/matching/index.js';
import { scoreCvss } from '../../src/vuln/index.js';
import { fixtureDb, fixtureRecord, pkg } from './fixtures.js';

const db = fixtureDb();
const match = (type: Parameters<typeof pkg>[0], name: string, version: string, extra = {}) =>
  matchPackages([pkg(type, name, version, extra)], db, undefined);
const byRecord = (findings: ReturnType<typeof match>) =>
  Object.fromEntries(findings.map((f) => [f.advisoryIds.join('+'), f.fixedVersions]));

describe('npm (GHSA records)', () => {
  it('lodash 4.17.15 is below GHSA-35jh fixed 4.17.21 but above GHSA-jf85 fixed 4.17.12', () => {
    const findings = match('npm', 'lodash', '4.17.15');
    expect(byRecord(findings)).toEqual({ 'GHSA-35jh-r3h4-6jhm': ['4.17.21'] });
    const [f] = findings;
    // Shown under its CVE, the GHSA kept as alias.
    expect(f!.id).toBe('CVE-2021-23337');
    expect(f!.aliases).toEqual(['GHSA-35jh-r3h4-6jhm']);
    expect(f!.url).toBe('https://nvd.nist.gov/vuln/detail/CVE-2021-23337');
    expect(f!.fixState).toBe('fixed');
    expect(f!.affectedRanges).toEqual(['<4.17.21']);
    expect(f!.package.purl).toBe('pkg:npm/lodash@4.17.15');
  });

  it('lodash 4.17.11 matches both records with their own fixed versions; 4.17.12/4.17.21 bounds', () => {
    expect(byRecord(match('npm', 'lodash', '4.17.11'))).toEqual({
      'GHSA-35jh-r3h4-6jhm': ['4.17.21'],
      'GHSA-jf85-cpcp-j695': ['4.17.12'],
    });
    expect(byRecord(match('npm', 'lodash', '4.17.12'))).toEqual({ 'GHSA-35jh-r3h4-6jhm': ['4.17.21'] });
    expect(match('npm', 'lodash', '4.17.20')).toHaveLength(1);
    expect(match('npm', 'lodash', '4.17.21')).toEqual([]);
  });

  it('uses the entry of the package itself: lodash-es is fixed at 4.17.14 for GHSA-jf85', () => {
    expect(byRecord(match('npm', 'lodash-es', '4.17.13'))).toEqual({
      'GHSA-35jh-r3h4-6jhm': ['4.17.21'],
      'GHSA-jf85-cpcp-j695': ['4.17.14'],
    });
    expect(byRecord(match('npm', 'lodash-es', '4.17.14'))).toEqual({ 'GHSA-35jh-r3h4-6jhm': ['4.17.21'] });
  });

  it('evaluates each affected entry of ws (5.x, 6.x, 7.x branches) and the introduced bounds', () => {
    expect(byRecord(match('npm', 'ws', '7.4.5'))).toEqual({ 'GHSA-6fc8-4gx4-v693': ['7.4.6'] });
    expect(byRecord(match('npm', 'ws', '7.0.0'))).toEqual({ 'GHSA-6fc8-4gx4-v693': ['7.4.6'] });
    expect(byRecord(match('npm', 'ws', '6.2.1'))).toEqual({ 'GHSA-6fc8-4gx4-v693': ['6.2.2'] });
    expect(byRecord(match('npm', 'ws', '5.2.2'))).toEqual({ 'GHSA-6fc8-4gx4-v693': ['5.2.3'] });
    for (const safe of ['7.4.6', '6.2.2', '5.2.3', '4.1.0', '8.0.0']) expect(match('npm', 'ws', safe)).toEqual([]);
  });

  it('orders pre-releases: express 5.0.0-beta.1 is affected, 5.0.0-beta.3 is fixed', () => {
    expect(byRecord(match('npm', 'express', '5.0.0-beta.1'))).toEqual({ 'GHSA-rv95-896h-c2vc': ['5.0.0-beta.3'] });
    expect(match('npm', 'express', '5.0.0-beta.3')).toEqual([]);
    expect(byRecord(match('npm', 'express', '4.19.1'))).toEqual({ 'GHSA-rv95-896h-c2vc': ['4.19.2'] });
  });

  it('looks scoped names up whole and ignores other packages of a record', () => {
    expect(match('npm', 'lodash.defaultsdeep', '4.6.0')).toHaveLength(1);
    expect(match('npm', 'lodash', '4.17.15', { namespace: '@types' })).toEqual([]);
  });

  it('rates with the CVSS v3 vector (over v4), else the GHSA rating', () => {
    const record = fixtureRecord('npm', 'GHSA-qwcr-r2fm-qrc7') as { severity: Array<{ type: string; score: string }> };
    const v3 = record.severity.find((s) => s.type === 'CVSS_V3')!.score;
    const [bodyParser] = match('npm', 'body-parser', '1.20.2');
    expect(bodyParser!.vector).toBe(v3);
    expect(bodyParser!.score).toBe(scoreCvss(v3).score);
    expect(bodyParser!.severity).toBe(scoreCvss(v3).severity);
    // GHSA-pxg6 has no vector, only database_specific.severity LOW.
    const [cookie] = match('npm', 'cookie', '0.6.0');
    expect(cookie).toMatchObject({ severity: 'low', id: 'CVE-2024-47764' });
    expect(cookie!.score).toBeUndefined();
  });
});

describe('PyPI (PYSEC records)', () => {
  it('requests 2.30.0 matches PYSEC-2023-74 fixed 2.31.0, shown as its CVE', () => {
    const findings = match('pypi', 'requests', '2.30.0');
    expect(byRecord(findings)).toEqual({ 'PYSEC-2023-74': ['2.31.0'] });
    expect(findings[0]!.id).toBe('CVE-2023-32681');
    expect(findings[0]!.aliases).toEqual(['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']);
    expect(findings[0]!.affectedRanges).toEqual(['>=2.3.0, <2.31.0']);
  });

  it('honours introduced/fixed bounds of requests records', () => {
    expect(match('pypi', 'requests', '2.31.0')).toEqual([]);
    expect(byRecord(match('pypi', 'requests', '2.3.0'))).toEqual({
      'PYSEC-2018-28': ['2.20.0'],
      'PYSEC-2023-74': ['2.31.0'],
    });
    expect(byRecord(match('pypi', 'requests', '2.2.1'))).toEqual({
      'PYSEC-2014-13': ['2.3.0'],
      'PYSEC-2018-28': ['2.20.0'],
    });
  });

  it('normalises names per PEP 503 and compares PEP 440 versions (certifi calendar versions)', () => {
    expect(match('pypi', 'Requests', '2.30.0')).toHaveLength(1);
    expect(match('pypi', 'PyYAML', '5.3.1').map((f) => f.advisoryIds[0])).toEqual(['PYSEC-2021-142']);
    expect(byRecord(match('pypi', 'certifi', '2022.9.24'))).toEqual({ 'PYSEC-2022-42986': ['2022.12.7'] });
    expect(match('pypi', 'certifi', '2017.7.27.1')).toEqual([]);
    expect(match('pypi', 'cryptography', '41.0.2')).toEqual([]);
    expect(byRecord(match('pypi', 'cryptography', '41.0.1'))).toEqual({ 'PYSEC-2023-112': ['41.0.2'] });
  });
});

describe('Go (GO records)', () => {
  it('stdlib go1.22.0 is inside the 1.22.0-0 introduced ranges; fixed versions come from the matching interval', () => {
    const findings = match('golang', 'stdlib', 'v1.22.0');
    const fixes = byRecord(findings);
    expect(fixes['GO-2024-2598']).toEqual(['1.22.1']);
    expect(fixes['GO-2024-2887']).toEqual(['1.22.4']);
    expect(fixes['GO-2023-2102']).toBeUndefined(); // fixed 1.21.3 on its 1.21 branch, not introduced for 1.22
    expect(fixes['GO-2023-2045']).toBeUndefined();
    expect(byRecord(match('golang', 'stdlib', 'v1.21.0'))['GO-2023-2045']).toEqual(['1.21.1']);
    expect(byRecord(match('golang', 'stdlib', 'v1.21.1'))['GO-2023-2045']).toBeUndefined();
  });

  it('compares pseudo-versions: GO-2023-1495 starts at a pseudo-version', () => {
    const inRange = byRecord(match('golang', 'golang.org/x/net', 'v0.0.0-20220524220425-1d687d428aca'));
    expect(inRange['GO-2023-1495']).toEqual(['0.1.1-0.20221104162952-702349b0e862']);
    const before = byRecord(match('golang', 'golang.org/x/net', 'v0.0.0-20220101000000-000000000000'));
    expect(before['GO-2023-1495']).toBeUndefined();
    expect(before['GO-2023-1988']).toEqual(['0.13.0']);
    expect(match('golang', 'golang.org/x/net', 'v0.38.0')).toEqual([]);
  });

  it('matches containerd on both branches and nothing for an unparseable (devel) version', () => {
    expect(byRecord(match('golang', 'github.com/containerd/containerd', 'v1.7.10'))).toEqual({
      'GO-2023-2412': ['1.7.11'],
    });
    expect(byRecord(match('golang', 'github.com/containerd/containerd', 'v1.6.25'))).toEqual({
      'GO-2023-2412': ['1.6.26'],
    });
    expect(match('golang', 'github.com/containerd/containerd', 'v1.6.26')).toEqual([]);
    const errors: string[] = [];
    const devel = matchPackages([pkg('golang', 'golang.org/x/net', '(devel)')], db, undefined, {
      onError: (_p, id) => errors.push(id),
    });
    expect(devel).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('shows a record without CVE or single GHSA under its GHSA alias', () => {
    const [f] = match('golang', 'github.com/containerd/containerd', 'v1.7.10');
    expect(f!.id).toBe('GHSA-7ww5-4wqc-m92c');
    expect(f!.aliases).toEqual(['GO-2023-2412']);
  });
});

describe('severity counts', () => {
  it('counts each finding once per severity', () => {
    const findings = matchPackages(
      [pkg('npm', 'lodash', '4.17.11'), pkg('npm', 'cookie', '0.6.0'), pkg('pypi', 'requests', '2.30.0')],
      db,
      undefined,
    );
    const counts = countBySeverity(findings);
    expect(counts.total).toBe(findings.length);
    expect(counts.critical + counts.high + counts.medium + counts.low + counts.unspecified).toBe(findings.length);
    expect(counts.critical).toBe(findings.filter((f) => f.severity === 'critical').length);
    expect(counts.low).toBeGreaterThanOrEqual(1);
    // Sorted worst first.
    expect(findings[0]!.severity).toBe('critical');
  });
});
