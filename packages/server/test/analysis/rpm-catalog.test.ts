import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageUrl, parseRpmDatabase } from '../../src/analysis/index.js';
import { Scratch } from './helpers/layers.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** Builds two real packages with rpmbuild and installs them (--justdb) into a fresh sqlite rpmdb. */
function buildRpmDb(): string {
  const top = scratch.path('rpmbuild');
  mkdirSync(`${top}/SPECS`, { recursive: true });
  const spec = (name: string, version: string, release: string, epoch: string, license: string) => `
Name: ${name}
Version: ${version}
Release: ${release}
${epoch ? `Epoch: ${epoch}` : ''}
Summary: scout-acr test package
License: ${license}
BuildArch: x86_64
%description
Test.
%install
mkdir -p %{buildroot}/usr/share/${name}
echo hi > %{buildroot}/usr/share/${name}/f
%files
/usr/share/${name}/f
`;
  writeFileSync(`${top}/SPECS/a.spec`, spec('scout-hello', '1.2.3', '4.fc40', '', 'Apache-2.0 AND MIT'));
  writeFileSync(`${top}/SPECS/b.spec`, spec('scout-epoch', '2.0', '1.el9', '3', 'GPL-2.0-or-later'));
  for (const s of ['a', 'b']) {
    execFileSync('rpmbuild', ['--quiet', '--define', `_topdir ${top}`, '-bb', `${top}/SPECS/${s}.spec`], {
      stdio: 'ignore',
    });
  }
  const db = scratch.path('db');
  mkdirSync(db);
  execFileSync('rpm', ['--initdb', '--dbpath', db]);
  execFileSync(
    'sh',
    ['-c', `rpm -i --justdb --nodeps --ignorearch --ignoreos --dbpath '${db}' '${top}'/RPMS/x86_64/*.rpm`],
    {
      stdio: 'ignore',
    },
  );
  return db;
}

describe('rpmdb.sqlite', () => {
  let db: string;
  beforeAll(() => {
    db = buildRpmDb();
  });

  it('lists what `rpm -qa` lists, with epoch, arch, license and source RPM', () => {
    const packages = parseRpmDatabase(readFileSync(`${db}/rpmdb.sqlite`), 'var/lib/rpm/rpmdb.sqlite');
    const expected = execFileSync('rpm', [
      '-qa',
      '--dbpath',
      db,
      '--qf',
      '%{NAME}|%{VERSION}-%{RELEASE}|%{EPOCHNUM}|%{ARCH}|%{LICENSE}|%{SOURCERPM}\\n',
    ])
      .toString()
      .trim()
      .split('\n')
      .sort();
    const actual = packages
      .map((p) => {
        const srpm = `${p.source!.name}-${p.source!.version}.src.rpm`;
        return [p.name, p.version, p.epoch ?? 0, p.arch, p.licenses[0], srpm].join('|');
      })
      .sort();
    expect(actual).toEqual(expected);
    const epoch = packages.find((p) => p.name === 'scout-epoch')!;
    expect(packageUrl(epoch, { id: 'rhel', versionId: '9.3', idLike: [] })).toBe(
      'pkg:rpm/rhel/scout-epoch@2.0-1.el9?arch=x86_64&distro=rhel-9.3&epoch=3',
    );
  });

  it('rejects a file that is not an rpm database', () => {
    expect(() => parseRpmDatabase(Buffer.from('not sqlite'), 'x')).toThrow();
  });
});
