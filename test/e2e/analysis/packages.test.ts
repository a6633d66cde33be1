/**
 * Image analysis end to end on the test world: images whose layers hold real package metadata from this machine
 * (dpkg status stanzas, an installed lodash's package.json, a Debian Python package's METADATA) are pushed with
 * skopeo to the registry behind ACR's auth, a real server analyzes them through the SDK's RegistryClient, and the
 * API lists their packages. A second image sharing the first one's layers reads only its new layer; a layer
 * corrupted in the registry's storage ends its analysis FAILED with the reason while the server stays ready.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@scout-acr/sdk';
import { type Image, type ImagePackage, ScoutClient } from '@scout-acr/sdk/client';
import { createApiKey, type ScoutServer, startScoutServer } from '@scout-acr/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEBIAN_OS_RELEASE,
  dpkgField,
  dpkgStanzas,
  lodashPackageJson,
  pythonMetadata,
} from '../../../packages/server/test/analyze/helpers/real-packages.js';
import { buildOciLayout, type LayerSpec, pushImage } from '../../harness/images/index.js';
import type { TestRegistry } from '../../harness/registry/index.js';
import { blobDataPath } from '../../harness/registry/storage-layout.js';
import { until } from '../../harness/until.js';
import { startWorld, type World } from '../../harness/world.js';
import { EventGridArm, webhookSubscription } from '../eventgrid/arm.js';
import { createReadOnlyToken } from '../server/arm.js';

const TOKEN = 'docker-scout-readonly-token';

let world: World;
let registry: TestRegistry;
let server: ScoutServer;
let scout: ScoutClient;
let temp: string;
let integrationId: string;
let layouts = 0;

const python = pythonMetadata();
const lodash = lodashPackageJson();
const baseLayer: LayerSpec = {
  files: {
    'etc/os-release': DEBIAN_OS_RELEASE,
    'var/lib/dpkg/status': dpkgStanzas(['libgnutls30', 'libc6', 'zlib1g']),
  },
};
const appLayer: LayerSpec = {
  files: {
    'srv/app/node_modules/lodash/package.json': lodash.content,
    [`usr/lib/python3/dist-packages/${python.distInfo}/METADATA`]: python.content,
  },
};

const createToken = (name: string) => createReadOnlyToken(world.emulator.url, registry.registryId, name);

async function push(ref: string, layers: LayerSpec[]) {
  const dir = join(temp, `layout-${layouts++}`);
  const layout = await buildOciLayout({ dir, image: { layers } });
  await pushImage({ layoutDir: dir, ref, registry });
  return layout.images[0] as (typeof layout.images)[number];
}

/** The image once its analysis has ended (ANALYZED or FAILED). */
function analyzed(reference: string): Promise<Image> {
  return until(async () => {
    const image = (await scout.images.lookup(integrationId, reference)).images[0];
    return image && (image.status === 'ANALYZED' || image.status === 'FAILED') ? image : undefined;
  });
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scout-acr-analysis-e2e-'));
  world = await startWorld({ registries: ['scoutpkgs'], resourceGroup: 'rg-analysis-e2e' });
  registry = world.registries[0] as TestRegistry;
  server = await startScoutServer({
    dataDir: join(temp, 'server'),
    port: 0,
    host: '127.0.0.1',
    worker: { pollMs: 50 },
    logger: createLogger({ name: 'scout-acr-server', level: 'error' }),
  });
  const { key } = await createApiKey(server.context.store, { org: 'e2e', role: 'admin' });
  scout = new ScoutClient({ baseUrl: server.url, apiKey: key });
  const integration = await scout.integrations.create({
    loginServer: registry.loginServer,
    tokenName: TOKEN,
    password: await createToken(TOKEN),
  });
  expect(integration.status).toBe('CONNECTED');
  integrationId = integration.id;
  const arm = new EventGridArm(world.emulator, world.resourceGroup, 'docker-scout-repository');
  await arm.createSystemTopic(registry.registryId);
  await arm.createSubscription('image-change', webhookSubscription(integration.webhookUrl as string));
});

afterAll(async () => {
  await server?.close(2_000);
  await world?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('image analysis on the test world', () => {
  let first: Awaited<ReturnType<typeof push>>;

  it('lists the real packages of an activated repository’s image with purls and source packages', async () => {
    first = await push('shop/web:v1', [baseLayer, appLayer]);
    await scout.repositories.activate(integrationId, { names: ['shop/web'] });
    const image = await analyzed('shop/web:v1');
    expect(image).toMatchObject({
      digest: first.manifest.digest,
      status: 'ANALYZED',
      packageCount: 5,
      distro: { id: 'debian', versionId: '12', codename: 'bookworm' },
      analysisError: null,
    });
    expect(Date.parse(image.analyzedAt as string)).toBeGreaterThan(0);

    const packages: ImagePackage[] = [];
    for await (const p of scout.images.packages(integrationId, image.digest, { pageSize: 2 })) packages.push(p);
    expect(packages.map((p) => `${p.type}:${p.name}`)).toEqual([
      'deb:libc6',
      'deb:libgnutls30',
      'deb:zlib1g',
      'npm:lodash',
      `pypi:${python.name}`,
    ]);
    const gnutlsVersion = dpkgField('libgnutls30', 'Version') as string;
    expect(packages.find((p) => p.name === 'libgnutls30')).toMatchObject({
      version: gnutlsVersion,
      purl: `pkg:deb/debian/libgnutls30@${encodeURIComponent(gnutlsVersion)}?arch=amd64&distro=debian-12`,
      source: { name: 'gnutls28' },
      locations: ['/var/lib/dpkg/status'],
      layer: first.diffIds[0],
    });
    expect(packages.find((p) => p.name === 'lodash')).toMatchObject({
      purl: `pkg:npm/lodash@${lodash.version}`,
      licenses: ['MIT'],
      locations: ['/srv/app/node_modules/lodash/package.json'],
      layer: first.diffIds[1],
    });
    expect(packages.find((p) => p.type === 'pypi')?.purl).toBe(
      `pkg:pypi/${python.name.toLowerCase()}@${python.version}`,
    );

    const debs = [];
    for await (const p of scout.images.packages(integrationId, image.digest, { type: 'deb', name: 'TLS' }))
      debs.push(p);
    expect(debs.map((p) => p.name)).toEqual(['libgnutls30']);
  });

  it('a pushed image sharing those layers reads only its new layer', async () => {
    const readBefore = await metric('scout_acr_analysis_layers_total{source="read"}');
    const cachedBefore = await metric('scout_acr_analysis_layers_total{source="cached"}');
    const second = await push('shop/web:v2', [baseLayer, appLayer, { files: { 'srv/app/VERSION': '2\n' } }]);
    expect(second.layers.slice(0, 2).map((l) => l.digest)).toEqual(first.layers.map((l) => l.digest));
    const image = await analyzed('shop/web:v2');
    expect(image).toMatchObject({ status: 'ANALYZED', packageCount: 5 });
    expect(await metric('scout_acr_analysis_layers_total{source="read"}')).toBe(readBefore + 1);
    expect(await metric('scout_acr_analysis_layers_total{source="cached"}')).toBe(cachedBefore + 2);
    expect(await server.context.store.countCachedLayers()).toBe(3);
  });

  it('a layer corrupted in registry storage fails the image with the reason; the server stays ready', async () => {
    // Varied text compresses with Huffman-coded blocks, so damage in the middle breaks the deflate stream itself.
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i * 7919}\n`).join('');
    const bad = await push('shop/bad:v1', [baseLayer, { files: { 'srv/bad/data.txt': text } }]);
    const layer = bad.layers[1] as { digest: string; size: number };
    expect(layer.size).toBeGreaterThan(1_000);
    // Same size, damaged bytes: what a failing disk or a tampered storage bucket serves.
    const file = await open(blobDataPath(registry.storageDir, layer.digest), 'r+');
    await file.write(Buffer.alloc(64, 0x5a), 0, 64, Math.floor(layer.size / 2));
    await file.close();

    await scout.repositories.activate(integrationId, { names: ['shop/bad'] });
    const image = await analyzed('shop/bad:v1');
    expect(image.status).toBe('FAILED');
    const code = /^(CorruptLayer|LayerDigestMismatch): /.exec(image.analysisError ?? '')?.[1];
    expect(code, image.analysisError ?? '').toBeDefined();
    const job = await until(async () => {
      for await (const j of scout.jobs.list(integrationId, { state: 'dead' }))
        if (j.repository === 'shop/bad') return j;
      return undefined;
    });
    expect(job.attempts).toBe(1); // permanent: not retried
    expect(job.lastError).toMatch(/CorruptLayer|LayerDigestMismatch/);
    const packages = await scout.images
      .packages(integrationId, image.digest)
      .byPage()
      .next()
      .catch((e: unknown) => e);
    expect(packages).toMatchObject({ status: 409, code: 'NotAnalyzed' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await metric(`scout_acr_analyses_total{code="${code}",outcome="failed"}`)).toBe(1);
    // The healthy images are untouched.
    expect((await scout.images.lookup(integrationId, 'shop/web:v1')).images[0]?.status).toBe('ANALYZED');
  });
});
