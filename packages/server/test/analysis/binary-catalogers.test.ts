import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goBinaryCataloger } from '../../src/analysis/catalog/golang/go-binary.js';
import { catalogGoBinary, catalogJavaArchive, packageUrl, readGoBuildInfo } from '../../src/analysis/index.js';
import { Scratch } from './helpers/layers.js';

const workspace = resolve(import.meta.dirname, '../../../..');
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** The esbuild binaries pnpm installed: real Go programs. */
function esbuildBinaries(): string[] {
  const store = join(workspace, 'node_modules/.pnpm');
  return readdirSync(store)
    .filter((d) => d.startsWith('@esbuild+linux-x64@'))
    .map((d) => join(store, d, 'node_modules/@esbuild/linux-x64/bin/esbuild'));
}

describe('Go binaries', () => {
  const binaries = esbuildBinaries();

  it('reads the Go 1.18+ build info of real esbuild binaries (with and without the .go.buildinfo header)', () => {
    expect(binaries.length).toBeGreaterThan(0);
    for (const binary of binaries) {
      const data = readFileSync(binary);
      const info = readGoBuildInfo(data)!;
      // Oracle: the modinfo lines as they appear verbatim in the binary.
      const raw = data.toString('latin1');
      // esbuild 0.25 has the inline header; 0.28's release build strips it, leaving the sentinel-wrapped modinfo.
      expect(readGoBuildInfo(data) !== undefined).toBe(
        raw.includes('\xff Go buildinf:') || raw.includes('path\tgithub.com/evanw'),
      );
      const dep = /\ndep\t(golang\.org\/x\/sys)\t(v[^\t\n]+)/.exec(raw)!;
      expect(info.goVersion).toMatch(/^go1\.\d+/);
      expect(raw).toContain(info.goVersion);
      expect(info.path).toBe('github.com/evanw/esbuild/cmd/esbuild');
      expect(info.main).toMatchObject({ path: 'github.com/evanw/esbuild', version: '(devel)' });
      expect(info.deps).toContainEqual(expect.objectContaining({ path: dep[1], version: dep[2] }));
      expect(info.settings.GOOS).toBe('linux');
      if (raw.includes('\nbuild\tvcs.revision=')) expect(info.settings['vcs.revision']).toMatch(/^[0-9a-f]{40}$/);

      const path = 'usr/local/bin/esbuild';
      expect(goBinaryCataloger.wants(path, 0o755)).toBe(true);
      const packages = catalogGoBinary(data, path);
      const purls = packages.map((p) => packageUrl(p));
      expect(purls).toContain(`pkg:golang/golang.org/x/sys@${dep[2]}`);
      expect(purls).toContain('pkg:golang/github.com/evanw/esbuild@%28devel%29');
      expect(purls).toContain(`pkg:golang/stdlib@v${info.goVersion.slice(2)}`);
    }
  });

  it('agrees with readelf on where .go.buildinfo lives, and ignores non-Go executables', () => {
    const binary = binaries[0]!;
    const sections = execFileSync('readelf', ['-S', '-W', binary]).toString();
    expect(sections).toContain('.go.buildinfo');
    expect(readGoBuildInfo(readFileSync('/usr/bin/tar'))).toBeUndefined();
    expect(readGoBuildInfo(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(goBinaryCataloger.wants('usr/lib/libfoo.so', 0o755)).toBe(false);
    expect(goBinaryCataloger.wants('usr/bin/data', 0o644)).toBe(false);
  });

  it('finds the build info by its magic when section headers are stripped', () => {
    const data = Buffer.from(readFileSync(binaries[0]!));
    const is64 = data[4] === 2;
    // Zero e_shoff/e_shnum, as `sstrip` does: only program headers remain.
    if (is64) {
      data.writeBigUInt64LE(0n, 40);
      data.writeUInt16LE(0, 60);
    }
    const info = readGoBuildInfo(data);
    expect(info?.main?.path).toBe('github.com/evanw/esbuild');
  });
});

describe('Java archives', () => {
  const jars = readdirSync('/usr/share/java')
    .filter((n) => n.endsWith('.jar'))
    .map((n) => `/usr/share/java/${n}`);

  it('reads pom.properties of real jars (including shaded jars) like unzip does', () => {
    let withPom = 0;
    for (const jar of jars.slice(0, 60)) {
      let listing: string;
      try {
        listing = execFileSync('unzip', ['-Z1', jar], { maxBuffer: 1 << 26 }).toString();
      } catch {
        continue;
      }
      const poms = listing.split('\n').filter((l) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(l));
      const packages = catalogJavaArchive(readFileSync(jar), jar.slice(1)).filter((p) => !p.location.includes('!'));
      if (poms.length === 0) continue;
      withPom += 1;
      const expected = poms
        .map((pom) => {
          const props = execFileSync('unzip', ['-p', jar, pom]).toString();
          const get = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(props)?.[1]?.trim();
          return `${get('groupId')}:${get('artifactId')}@${get('version')}`;
        })
        .sort();
      expect(packages.map((p) => `${p.namespace}:${p.name}@${p.version}`).sort()).toEqual(expected);
    }
    expect(withPom).toBeGreaterThan(3);
    const slf4j = catalogJavaArchive(readFileSync('/usr/share/java/slf4j-api.jar'), 'app/lib/slf4j-api.jar');
    expect(packageUrl(slf4j[0]!)).toMatch(/^pkg:maven\/org\.slf4j\/slf4j-api@\d/);
  });

  it('opens nested archives (a war with WEB-INF/lib jars, stored and deflated)', () => {
    const war = scratch.path('app.war');
    execFileSync('/usr/bin/python3', [
      '-c',
      `import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\\r\\nImplementation-Title: app\\r\\n\\r\\n')
    z.write('/usr/share/java/slf4j-api.jar', 'WEB-INF/lib/slf4j-api.jar', compress_type=zipfile.ZIP_STORED)
    z.write('/usr/share/java/commons-io.jar', 'WEB-INF/lib/commons-io.jar', compress_type=zipfile.ZIP_DEFLATED)
`,
      war,
    ]);
    const packages = catalogJavaArchive(readFileSync(war), 'srv/app.war');
    expect(packages.map((p) => p.location)).toEqual(
      expect.arrayContaining(['srv/app.war!/WEB-INF/lib/slf4j-api.jar', 'srv/app.war!/WEB-INF/lib/commons-io.jar']),
    );
    expect(packages.find((p) => p.location.endsWith('slf4j-api.jar'))).toMatchObject({
      namespace: 'org.slf4j',
      name: 'slf4j-api',
    });
  });

  it('refuses corrupt archives and stops a zip bomb member at the limit', () => {
    expect(() => catalogJavaArchive(Buffer.from('PK not really'), 'x.jar')).toThrow();
    const bomb = scratch.path('bomb.jar');
    execFileSync('/usr/bin/python3', [
      '-c',
      `import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('META-INF/MANIFEST.MF', b'Implementation-Version: 1' + b' ' * 50_000_000)
`,
      bomb,
    ]);
    expect(() =>
      catalogJavaArchive(readFileSync(bomb), 'bomb.jar', { maxEntries: 10, maxEntryBytes: 1_000_000 }),
    ).toThrow(/exceeds|buffer|larger/i);
  });
});
