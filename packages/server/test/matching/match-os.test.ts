import { describe, expect, it } from 'vitest';
import { distroMatcher, matchPackages, ubuntuEcosystem } from '../../src/matching/index.js';
import { scoreCvss } from '../../src/vuln/index.js';
import {
  ALPINE_311,
  DEBIAN_12,
  fixtureDb,
  fixtureRecord,
  pkg,
  UBUNTU_1604,
  UBUNTU_2004,
  UBUNTU_2204,
} from './fixtures.js';

const db = fixtureDb();

/** `libgnutls30`, a binary of source package `gnutls28`, as dpkg lists it (source version = binary version). */
const gnutls = (version: string, distro = UBUNTU_2204) =>
  pkg('deb', 'libgnutls30', version, { source: { name: 'gnutls28', version }, arch: 'amd64' }, distro);

describe('Ubuntu (CVE-2024-0553, gnutls28)', () => {
  it('matches the binary libgnutls30 through its source package on 22.04, below the fix', () => {
    const [f, ...rest] = matchPackages([gnutls('3.7.3-4ubuntu1.3')], db, UBUNTU_2204);
    expect(rest).toEqual([]);
    const vector = (fixtureRecord('Ubuntu', 'CVE-2024-0553').severity as Array<{ score: string }>)[0]!.score;
    expect(f).toMatchObject({
      id: 'CVE-2024-0553',
      ecosystem: 'Ubuntu:22.04:LTS',
      fixedVersions: ['3.7.3-4ubuntu1.4'],
      fixState: 'fixed',
      matchedVersion: '3.7.3-4ubuntu1.3',
      severity: scoreCvss(vector).severity,
      score: scoreCvss(vector).score,
      vector,
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0553',
    });
    expect(f!.package).toMatchObject({ name: 'libgnutls30', sourceName: 'gnutls28', version: '3.7.3-4ubuntu1.3' });
    expect(f!.package.purl).toBe('pkg:deb/ubuntu/libgnutls30@3.7.3-4ubuntu1.3?arch=amd64&distro=ubuntu-22.04');
  });

  it('does not match at or above the fixed version, with dpkg ordering (~ sorts before everything)', () => {
    expect(matchPackages([gnutls('3.7.3-4ubuntu1.4')], db, UBUNTU_2204)).toEqual([]);
    expect(matchPackages([gnutls('3.7.3-4ubuntu1.4+esm1')], db, UBUNTU_2204)).toEqual([]);
    expect(matchPackages([gnutls('3.7.3-4ubuntu1.4~22.04')], db, UBUNTU_2204)).toHaveLength(1);
  });

  it('uses the entry of the image release: 20.04 is fixed at 3.6.13-2ubuntu1.10', () => {
    expect(matchPackages([gnutls('3.6.13-2ubuntu1.9', UBUNTU_2004)], db, UBUNTU_2004)[0]!.fixedVersions).toEqual([
      '3.6.13-2ubuntu1.10',
    ]);
    expect(matchPackages([gnutls('3.6.13-2ubuntu1.10', UBUNTU_2004)], db, UBUNTU_2004)).toEqual([]);
    // The same package on Debian: the record has no Debian entry.
    expect(matchPackages([gnutls('3.7.3-4ubuntu1.3', DEBIAN_12)], db, DEBIAN_12)).toEqual([]);
  });

  it('applies Ubuntu Pro entries only to Pro images; unfixed there', () => {
    const old = gnutls('3.4.10-4ubuntu1.9+esm1', UBUNTU_1604);
    expect(matchPackages([old], db, UBUNTU_1604)).toEqual([]);
    const [f] = matchPackages([old], db, UBUNTU_1604, { ubuntuPro: true });
    expect(f).toMatchObject({ ecosystem: 'Ubuntu:Pro:16.04:LTS', fixState: 'not-fixed', fixedVersions: [] });
  });

  it('compares the source version dpkg names when it differs from the binary version', () => {
    const binNmu = pkg(
      'deb',
      'libgnutls30',
      '3.7.3-4ubuntu1.3+b1',
      { source: { name: 'gnutls28', version: '3.7.3-4ubuntu1.4' } },
      UBUNTU_2204,
    );
    expect(matchPackages([binNmu], db, UBUNTU_2204)).toEqual([]);
  });

  it('derives ecosystems from os-release', () => {
    expect(ubuntuEcosystem('22.04')).toBe('Ubuntu:22.04:LTS');
    expect(ubuntuEcosystem('23.10')).toBe('Ubuntu:23.10');
    expect(ubuntuEcosystem('16.04', true)).toBe('Ubuntu:Pro:16.04:LTS');
    expect(distroMatcher(DEBIAN_12)!.accepts('Debian:12')).toBe(true);
    expect(distroMatcher({ id: 'debian', versionId: '12.5', idLike: [] })!.accepts('Debian:12')).toBe(true);
    expect(distroMatcher(DEBIAN_12)!.accepts('Debian:11')).toBe(false);
    expect(distroMatcher(ALPINE_311)!.accepts('Alpine:v3.11')).toBe(true);
    expect(distroMatcher(ALPINE_311)!.accepts('Alpine:v3.1')).toBe(false);
    expect(
      distroMatcher({ id: 'rocky', versionId: '9.3', idLike: ['rhel'] })!.accepts('Red Hat:enterprise_linux:9::baseos'),
    ).toBe(true);
    expect(distroMatcher({ id: 'debian', codename: 'trixie', idLike: [] })).toBeUndefined();
    expect(matchPackages([gnutls('3.7.3-4ubuntu1.3')], db, undefined)).toEqual([]);
  });
});

describe('Alpine secdb (v3.11)', () => {
  const apk = (name: string, version: string, origin = name) =>
    pkg('apk', name, version, { source: { name: origin, version } }, ALPINE_311);
  const ids = (findings: ReturnType<typeof matchPackages>) => findings.map((f) => f.id).sort();

  it('openssl below 1.1.1d-r3 is affected by CVE-2019-1551 (fixed 1.1.1d-r3), via the libssl1.1 origin', () => {
    const findings = matchPackages([apk('libssl1.1', '1.1.1d-r2', 'openssl')], db, ALPINE_311);
    const f = findings.find((x) => x.id === 'CVE-2019-1551');
    expect(f).toMatchObject({
      fixedVersions: ['1.1.1d-r3'],
      ecosystem: 'Alpine:v3.11',
      advisoryIds: ['ALPINE-CVE-2019-1551'],
    });
    expect(f!.severity).toBe('unspecified'); // secdb carries no rating
    expect(ids(findings)).not.toContain('CVE-2019-1547'); // fixed in 1.1.1d-r1
    expect(ids(matchPackages([apk('libssl1.1', '1.1.1d-r0', 'openssl')], db, ALPINE_311))).toEqual(
      expect.arrayContaining(['CVE-2019-1547', 'CVE-2019-1549', 'CVE-2019-1551']),
    );
    expect(ids(matchPackages([apk('libssl1.1', '1.1.1d-r3', 'openssl')], db, ALPINE_311))).not.toContain(
      'CVE-2019-1551',
    );
  });

  it('keeps the highest of several fixes of one CVE (busybox CVE-2019-5747: 1.29.3-r10 and 1.30.1-r2)', () => {
    const f = matchPackages([apk('busybox', '1.30.1-r1')], db, ALPINE_311).find((x) => x.id === 'CVE-2019-5747');
    expect(f!.fixedVersions).toEqual(['1.30.1-r2']);
    expect(matchPackages([apk('busybox', '1.30.1-r2')], db, ALPINE_311).map((x) => x.id)).not.toContain(
      'CVE-2019-5747',
    );
  });

  it('does not apply v3.11 data to another Alpine release', () => {
    const other = { id: 'alpine', versionId: '3.12.0', idLike: [] };
    expect(matchPackages([apk('busybox', '1.0-r0')], db, other)).toEqual([]);
  });
});
