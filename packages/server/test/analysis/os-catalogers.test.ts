import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dpkgCataloger } from '../../src/analysis/catalog/os/dpkg.js';
import {
  distroFromOsRelease,
  packageUrl,
  parseApkInstalled,
  parseDebianCopyright,
  parseDpkgStatus,
} from '../../src/analysis/index.js';

const osRelease = readFileSync('/usr/lib/os-release', 'utf8');
const distro = distroFromOsRelease(osRelease)!;

describe('os-release', () => {
  it("reads this machine's os-release", () => {
    const expected = Object.fromEntries(
      execFileSync('sh', ['-c', '. /usr/lib/os-release; printf "%s\\n%s\\n%s" "$ID" "$VERSION_ID" "$VERSION_CODENAME"'])
        .toString()
        .split('\n')
        .map((v, i) => [['id', 'versionId', 'codename'][i], v]),
    );
    expect(distro).toMatchObject(expected);
  });
});

describe('dpkg', () => {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const packages = parseDpkgStatus(status, 'var/lib/dpkg/status');

  it('lists exactly what dpkg-query reports installed, with source packages', () => {
    const expected = execFileSync('dpkg-query', [
      '-W',
      '-f',
      '${db:Status-Abbrev}|${Package}|${Version}|${Architecture}|${source:Package}|${source:Version}\\n',
    ])
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('ii'))
      .map((line) => line.split('|').slice(1).join('|'))
      .sort();
    const actual = packages.map((p) => [p.name, p.version, p.arch, p.source?.name, p.source?.version].join('|')).sort();
    expect(actual.length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
  });

  it('builds Debian purls with arch and distro qualifiers', () => {
    const openssl = packages.find((p) => p.name === 'libssl3')!;
    const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libssl3']).toString();
    expect(packageUrl(openssl, distro)).toBe(
      `pkg:deb/debian/libssl3@${encodeURIComponent(version)}?arch=amd64&distro=debian-${distro.versionId}`,
    );
    const plus = packages.find((p) => p.version.includes('+'))!;
    expect(packageUrl(plus, distro)).toContain(plus.version.replaceAll('+', '%2B'));
    const epoch = packages.find((p) => p.version.includes(':'));
    if (epoch) expect(packageUrl(epoch, distro)).toContain(`@${epoch.version.split(':')[0]}:`);
  });

  it('reads distroless status.d files (one paragraph per package, no Status field) and skips md5sums', () => {
    const paragraph = status.split('\n\n').find((p) => p.startsWith('Package: libc6\n'))!;
    const distroless = paragraph.replace(/^Status: .*\n/m, '');
    const [pkg] = parseDpkgStatus(distroless, 'var/lib/dpkg/status.d/libc6');
    expect(pkg).toMatchObject({ name: 'libc6', location: 'var/lib/dpkg/status.d/libc6' });
    expect(dpkgCataloger.wants('var/lib/dpkg/status.d/libc6', 0o644)).toBe(true);
    expect(dpkgCataloger.wants('var/lib/dpkg/status.d/libc6.md5sums', 0o644)).toBe(false);
    expect(dpkgCataloger.wants('var/lib/dpkg/status-old', 0o644)).toBe(false);
  });

  it('skips packages that are not installed (config-files, half-installed)', () => {
    const paragraph = status.split('\n\n').find((p) => p.startsWith('Package: dpkg\n'))!;
    const removed = paragraph.replace(/^Status: .*$/m, 'Status: deinstall ok config-files');
    expect(parseDpkgStatus(removed, 'status')).toEqual([]);
  });
});

describe('Debian copyright licenses', () => {
  it('reads DEP-5 License fields and common-licenses references from real copyright files', () => {
    let dep5 = 0;
    for (const name of readdirSync('/usr/share/doc').slice(0, 400)) {
      let text: string;
      try {
        text = readFileSync(`/usr/share/doc/${name}/copyright`, 'utf8');
      } catch {
        continue;
      }
      const licenses = parseDebianCopyright(text);
      const fields = [...text.matchAll(/^License: *(\S.*)$/gm)].map((m) => m[1]!.trim());
      for (const field of fields) expect(licenses).toContain(field);
      if (fields.length > 0) dep5 += 1;
      for (const m of text.matchAll(/\/usr\/share\/common-licenses\/([A-Za-z0-9.+_-]*[A-Za-z0-9+])/g)) {
        expect(licenses).toContain(m[1]);
      }
    }
    expect(dep5).toBeGreaterThan(10);
  });
});

describe('apk', () => {
  // Debian 12 has no apk-tools and the machine has no network, so there is no real Alpine database to read.
  // This record follows apk-tools' documented installed-database format (letters P V A L o, blank-line records).
  it('parses installed-database records with origin as the source package', () => {
    const db = [
      'C:Q1abc=\nP:libssl3\nV:3.1.4-r5\nA:x86_64\nS:100\nI:200\nT:SSL shared libraries\nL:Apache-2.0\no:openssl\nm:Ariadne\nt:1700000000\nc:abc\nD:so:libc.musl-x86_64.so.1\nF:lib\nR:libssl.so.3\n',
      'P:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n',
    ].join('\n');
    const packages = parseApkInstalled(db, 'lib/apk/db/installed');
    expect(packages.map((p) => [p.name, p.version, p.source, p.licenses])).toEqual([
      ['libssl3', '3.1.4-r5', { name: 'openssl', version: '3.1.4-r5' }, ['Apache-2.0']],
      ['busybox', '1.36.1-r15', { name: 'busybox', version: '1.36.1-r15' }, ['GPL-2.0-only']],
    ]);
    expect(packageUrl(packages[0]!, { id: 'alpine', versionId: '3.19.1', idLike: [] })).toBe(
      'pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1',
    );
  });
});
