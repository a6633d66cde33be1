import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogedLayer,
  catalogFileView,
  catalogLayer,
  FileView,
  type ImageInventory,
  type LayerScan,
  mergeLayerInventories,
  parseDpkgStatus,
  scanLayer,
  wantsAny,
} from '../../src/analysis/index.js';
import {
  buildLayerTar,
  chunked,
  GZIP_LAYER,
  gzip,
  Scratch,
  type TreeSpec,
  ZSTD_LAYER,
  zstd,
} from './helpers/layers.js';

const workspace = resolve(import.meta.dirname, '../../../..');
const pnpmStore = join(workspace, 'node_modules/.pnpm');
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const realStatus = readFileSync('/var/lib/dpkg/status', 'utf8');
// A later layer that ran `apt-get remove`: the real status without three of its packages.
const removed = ['curl', 'zstd', 'unzip'];
const reducedStatus = realStatus
  .split('\n\n')
  .filter((p) => !removed.some((name) => p.startsWith(`Package: ${name}\n`)))
  .join('\n\n');

const esbuild = join(pnpmStore, '@esbuild+linux-x64@0.25.12/node_modules/@esbuild/linux-x64/bin/esbuild');
const base: TreeSpec = {
  'usr/lib/os-release': readFileSync('/usr/lib/os-release'),
  'etc/os-release': { symlink: '../usr/lib/os-release' },
  'var/lib/dpkg/status': realStatus,
  'usr/share/doc/libc6/copyright': readFileSync('/usr/share/doc/libc6/copyright'),
  'usr/lib/node_modules/semver/package.json': readFileSync(
    join(pnpmStore, 'semver@7.8.6/node_modules/semver/package.json'),
  ),
  'usr/lib/node_modules/yaml/package.json': readFileSync(join(pnpmStore, 'yaml@2.9.1/node_modules/yaml/package.json')),
  'opt/py/PyYAML-6.0.dist-info/METADATA': readFileSync('/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA'),
  'usr/local/bin/esbuild': { copyFrom: esbuild, mode: 0o755 },
  'usr/local/bin/esbuild-hardlink': { hardlink: 'usr/local/bin/esbuild' },
  'usr/share/java/slf4j-api.jar': readFileSync('/usr/share/java/slf4j-api.jar'),
};
const middle: TreeSpec = {
  'var/lib/dpkg/status': reducedStatus,
  'usr/lib/node_modules/.wh.semver': '',
  'opt/.wh..wh..opq': '',
  'opt/py2/Pygments-2.14.0.egg-info/PKG-INFO': readFileSync(
    '/usr/lib/python3/dist-packages/Pygments-2.14.0.egg-info/PKG-INFO',
  ),
  'app/package-lock.json': readFileSync(join(pnpmStore, 'deepdash@5.3.9/node_modules/deepdash/es/package-lock.json')),
};
const top: TreeSpec = {
  'usr/share/java': { symlink: '/opt/java' },
  'app/.wh.package-lock.json': '',
  'app/yarn.lock': readFileSync(join(pnpmStore, 'combined-stream@1.0.8/node_modules/combined-stream/yarn.lock')),
};

describe('image inventory', () => {
  const blobs: Array<{ data: Buffer; mediaType: string }> = [];
  let layers: CatalogedLayer[];
  let merged: ImageInventory;

  beforeAll(async () => {
    blobs.push({ data: gzip(buildLayerTar(scratch, base)), mediaType: GZIP_LAYER });
    blobs.push({ data: zstd(buildLayerTar(scratch, middle, 'gnu')), mediaType: ZSTD_LAYER });
    blobs.push({ data: gzip(buildLayerTar(scratch, top)), mediaType: GZIP_LAYER });
    layers = [];
    for (const blob of blobs)
      layers.push(await catalogLayer(chunked(blob.data, 64 * 1024), { mediaType: blob.mediaType }));
    merged = mergeLayerInventories(layers.map((l) => l.inventory));
  });

  const find = (inventory: ImageInventory, name: string) => inventory.packages.filter((p) => p.name === name);

  it('applies later layers: replaced dpkg status, deleted node_modules dir, opaque dir, replaced dir, whiteout', () => {
    expect(merged.distro).toMatchObject({ id: 'debian' });
    const debs = merged.packages.filter((p) => p.type === 'deb');
    const expected = parseDpkgStatus(reducedStatus, 'x');
    expect(debs).toHaveLength(expected.length);
    for (const name of removed) expect(find(merged, name)).toEqual([]);
    expect(find(merged, 'semver')).toEqual([]); // its directory was whited out
    expect(find(merged, 'yaml')).toHaveLength(1);
    expect(find(merged, 'PyYAML')).toEqual([]); // hidden by the opaque /opt
    expect(find(merged, 'Pygments')).toHaveLength(1);
    expect(find(merged, 'slf4j-api')).toEqual([]); // /usr/share/java became a symlink
    expect(find(merged, 'lodash-es')).toEqual([]); // package-lock.json deleted
    expect(find(merged, 'combined-stream').length + find(merged, 'delayed-stream').length).toBeGreaterThan(0);
  });

  it('attributes packages to the layer that introduced them, even across rewrites of the status file', () => {
    const [l0, l1, l2] = layers.map((l) => l.inventory.diffId);
    expect(find(merged, 'libc6')[0]).toMatchObject({
      layer: l0,
      locations: ['/var/lib/dpkg/status'],
      purl: expect.stringMatching(/^pkg:deb\/debian\/libc6@.+\?arch=amd64&distro=debian-12$/),
      source: { name: 'glibc' },
    });
    expect(find(merged, 'libc6')[0]!.licenses.length).toBeGreaterThan(0); // from usr/share/doc/libc6/copyright
    expect(find(merged, 'Pygments')[0]!.layer).toBe(l1);
    expect(find(merged, 'yaml')[0]!.layer).toBe(l0);
    expect(merged.packages.find((p) => p.foundBy === 'yarn-lock')!.layer).toBe(l2);
    const sys = merged.packages.find((p) => p.name === 'golang.org/x/sys')!;
    expect(sys.locations).toEqual(['/usr/local/bin/esbuild', '/usr/local/bin/esbuild-hardlink']);
  });

  it('gives the same packages as cataloguing the final file view', async () => {
    const scans: LayerScan[] = [];
    for (const blob of blobs)
      scans.push(await scanLayer(chunked(blob.data), { mediaType: blob.mediaType, wants: wantsAny() }));
    expect(scans.map((s) => s.diffId)).toEqual(layers.map((l) => l.inventory.diffId));
    const view = FileView.fromLayers(scans);
    const fromView = catalogFileView(
      view,
      scans.map((s) => s.diffId),
    );
    const summary = (inv: ImageInventory) => inv.packages.map((p) => `${p.purl} ${p.locations.join(',')}`);
    expect(summary(fromView)).toEqual(summary(merged));
    expect(fromView.distro).toEqual(merged.distro);
  });

  it('keeps layer inventories small and cacheable (JSON round trip gives the same image)', () => {
    const roundTripped = layers.map((l) => JSON.parse(JSON.stringify(l.inventory)));
    expect(mergeLayerInventories(roundTripped)).toEqual(merged);
    expect(layers[0]!.scan.diffId).toBe(layers[0]!.inventory.diffId);
    expect(layers[0]!.scan.compression).toBe('gzip');
    expect(layers[1]!.scan.compression).toBe('zstd');
  });

  it('merges pure layer inventories: a file replacing a directory and a directory replacing a file', () => {
    const pkg = (name: string, location: string) => ({
      kind: 'package' as const,
      package: { type: 'npm' as const, name, version: '1.0.0', licenses: [], location, foundBy: 't' },
    });
    const empty = { whiteouts: [], opaqueDirs: [], nonDirPaths: [], dirPaths: [], errors: [] };
    const inventory = mergeLayerInventories([
      {
        ...empty,
        diffId: 'sha256:a',
        files: {
          'app/node_modules/a/package.json': [pkg('a', 'app/node_modules/a/package.json')],
          'lib/x.jar': [pkg('x', 'lib/x.jar')],
          'keep/package.json': [pkg('k', 'keep/package.json')],
        },
      },
      { ...empty, diffId: 'sha256:b', files: {}, nonDirPaths: ['app/node_modules'], dirPaths: ['lib/x.jar'] },
    ]);
    expect(inventory.packages.map((p) => p.name)).toEqual(['k']);
  });
});
