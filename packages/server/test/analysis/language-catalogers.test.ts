import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmPackageJsonCataloger } from '../../src/analysis/catalog/npm/package-json.js';
import { pythonCataloger } from '../../src/analysis/catalog/python/python-metadata.js';
import { packageUrl, parsePackageLock, parsePnpmLock, parseYarnLock } from '../../src/analysis/index.js';

const workspace = resolve(import.meta.dirname, '../../../..');
const pnpmStore = join(workspace, 'node_modules/.pnpm');

/** `.pnpm/@scope+name@1.2.3_peer/node_modules/@scope/name` → name and version, from pnpm's own naming. */
function installedPnpmPackages(): Array<{ name: string; version: string; dir: string }> {
  const out: Array<{ name: string; version: string; dir: string }> = [];
  for (const entry of readdirSync(pnpmStore)) {
    const at = entry.indexOf('@', 1);
    if (at < 0) continue;
    const name = entry.slice(0, at).replace('+', '/');
    const version = entry.slice(at + 1).split('_')[0]!;
    const dir = join(pnpmStore, entry, 'node_modules', name);
    if (existsSync(join(dir, 'package.json'))) out.push({ name, version, dir });
  }
  return out;
}

describe('npm', () => {
  it('catalogs every installed package.json under node_modules/.pnpm', () => {
    const installed = installedPnpmPackages();
    expect(installed.length).toBeGreaterThan(100);
    for (const { name, version, dir } of installed) {
      const path = `${dir.slice(1)}/package.json`;
      expect(npmPackageJsonCataloger.wants(path, 0o644)).toBe(true);
      const findings = npmPackageJsonCataloger.catalog(path, readFileSync(`/${path}`));
      expect(findings).toHaveLength(1);
      const pkg = findings[0]!.kind === 'package' ? findings[0]!.package : undefined;
      expect(`${pkg?.namespace ? `${pkg.namespace}/` : ''}${pkg?.name}@${pkg?.version}`).toBe(`${name}@${version}`);
    }
    const scoped = installed.find((p) => p.name === '@azure/arm-eventgrid')!;
    const [finding] = npmPackageJsonCataloger.catalog(
      'node_modules/@azure/arm-eventgrid/package.json',
      readFileSync(join(scoped.dir, 'package.json')),
    );
    expect(finding?.kind === 'package' && packageUrl(finding.package)).toBe(
      `pkg:npm/%40azure/arm-eventgrid@${scoped.version}`,
    );
    expect(finding?.kind === 'package' && finding.package.licenses).toEqual(['MIT']);
    // Files inside a package that are not its manifest, and nested test fixtures, are not wanted.
    expect(npmPackageJsonCataloger.wants('app/node_modules/a/lib/package.json', 0o644)).toBe(false);
    expect(npmPackageJsonCataloger.wants('app/package.json', 0o644)).toBe(false);
  });

  it("reads the workspace's own pnpm-lock.yaml (v9): every installed package is in it", () => {
    const packages = parsePnpmLock(readFileSync(join(workspace, 'pnpm-lock.yaml'), 'utf8'), 'pnpm-lock.yaml');
    const locked = new Set(packages.map((p) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`));
    for (const { name, version } of installedPnpmPackages()) expect(locked).toContain(`${name}@${version}`);
  });

  it('reads a real package-lock.json (v2 packages, and its v1 dependencies tree)', () => {
    const file = readFileSync(join(pnpmStore, 'deepdash@5.3.9/node_modules/deepdash/es/package-lock.json'));
    const v2 = parsePackageLock(file, 'app/package-lock.json');
    expect(v2.map((p) => `${p.name}@${p.version}`)).toEqual(['lodash-es@4.17.21']);
    // The same lockfile's `dependencies` section is the v1 format; v3 is the `packages` section alone.
    const { packages, ...v1 } = JSON.parse(file.toString());
    expect(parsePackageLock(Buffer.from(JSON.stringify(v1)), 'x').map((p) => p.name)).toEqual(['lodash-es']);
    const v3 = { lockfileVersion: 3, packages };
    expect(parsePackageLock(Buffer.from(JSON.stringify(v3)), 'x').map((p) => p.version)).toEqual(['4.17.21']);
  });

  it('reads real yarn.lock files (classic v1), one package per resolved block', () => {
    for (const lock of [
      'uri-js@4.4.1/node_modules/uri-js/yarn.lock',
      'combined-stream@1.0.8/node_modules/combined-stream/yarn.lock',
    ]) {
      const text = readFileSync(join(pnpmStore, lock), 'utf8');
      const packages = parseYarnLock(text, 'yarn.lock');
      const blocks = text.split('\n').filter((l) => /^ {2}version "/.test(l)).length;
      expect(new Set(packages.map((p) => `${p.namespace ?? ''}/${p.name}@${p.version}`)).size).toBe(packages.length);
      expect(packages.length).toBeLessThanOrEqual(blocks);
      expect(packages.length).toBeGreaterThan(0);
      if (lock.startsWith('uri-js')) {
        expect(packages).toContainEqual(
          expect.objectContaining({ namespace: '@ungap', name: 'promise-all-settled', version: '1.1.2' }),
        );
        expect(packages).toContainEqual(expect.objectContaining({ name: 'align-text', version: '0.1.4' }));
      }
    }
  });
});

describe('python', () => {
  it('matches importlib.metadata over /usr/lib/python3/dist-packages (dist-info and egg-info)', () => {
    const expected = execFileSync('/usr/bin/python3', [
      '-c',
      "import importlib.metadata as m\nfor d in m.distributions(path=['/usr/lib/python3/dist-packages']): print(d.metadata['Name'] + '|' + d.version)",
    ])
      .toString()
      .trim()
      .split('\n')
      .sort();
    const actual: string[] = [];
    const root = '/usr/lib/python3/dist-packages';
    for (const name of readdirSync(root)) {
      const candidates = [`${name}/METADATA`, `${name}/PKG-INFO`, name];
      for (const candidate of candidates) {
        const full = join(root, candidate);
        const path = full.slice(1);
        if (!existsSync(full) || !statSync(full).isFile() || !pythonCataloger.wants(path, 0o644)) continue;
        for (const f of pythonCataloger.catalog(path, readFileSync(full))) {
          if (f.kind === 'package') actual.push(`${f.package.name}|${f.package.version}`);
        }
      }
    }
    expect(actual.sort()).toEqual(expected);
    expect(
      packageUrl({ type: 'pypi', name: 'PyYAML', version: '6.0', licenses: [], location: 'x', foundBy: 'x' }),
    ).toBe('pkg:pypi/pyyaml@6.0');
    expect(
      packageUrl({ type: 'pypi', name: 'zope.interface_x', version: '1', licenses: [], location: 'x', foundBy: 'x' }),
    ).toBe('pkg:pypi/zope.interface-x@1'); // purl-spec keeps dots; PEP 503 is for matching only
  });
});
