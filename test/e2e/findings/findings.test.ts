/**
 * Vulnerability findings end to end on the test world: the real OSV fixtures are imported into the server's
 * data directory with `scout-acr-server db import`; an image holding old real packages (Ubuntu 22.04 gnutls28,
 * lodash 4.17.15, requests 2.30.0) is pushed behind ACR's auth; after the push event the API lists the expected
 * findings with their fixed versions, and the SBOM downloads validate against their official schemas. Then newer
 * data is imported with the CLI while the server runs: the server notices, re-matches the stored image without
 * reading a single layer again, and the image's history shows the added finding.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Image, ScoutClient, type Vulnerability } from '@scout-acr/sdk/client';
import { createApiKey, type ScoutServer } from '@scout-acr/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycloneDxValidator, vendoredValidator } from '../../../packages/sdk/test/formats/schemas.js';
import { buildOciLayout, type LayerSpec, pushImage } from '../../harness/images/index.js';
import type { TestRegistry } from '../../harness/registry/index.js';
import { until } from '../../harness/until.js';
import { startWorld, type World } from '../../harness/world.js';
import { EventGridArm, webhookSubscription } from '../eventgrid/arm.js';
import { createReadOnlyToken } from '../server/arm.js';
import { REPO_ROOT, runCli, startAnalysisServer } from '../server/server-process.js';
import {
  LATER_LODASH_RECORD,
  OLD_GNUTLS_VERSION,
  oldLodashPackageJson,
  REQUESTS_2_30_0_METADATA,
  UBUNTU_2204_OS_RELEASE,
  ubuntuGnutlsStatus,
} from './fixtures.js';

const TOKEN = 'docker-scout-readonly-token';
const OSV_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'osv');

let world: World;
let registry: TestRegistry;
let server: ScoutServer;
let scout: ScoutClient;
let apiKey: string;
let temp: string;
let dataDir: string;
let integrationId: string;
let image: Image;

const layers: LayerSpec[] = [
  {
    files: {
      'etc/os-release': UBUNTU_2204_OS_RELEASE,
      'var/lib/dpkg/status': ubuntuGnutlsStatus(),
    },
  },
  {
    files: {
      'srv/app/node_modules/lodash/package.json': oldLodashPackageJson(),
      'usr/local/lib/python3.10/dist-packages/requests-2.30.0.dist-info/METADATA': REQUESTS_2_30_0_METADATA,
    },
  },
];

const createToken = (name: string) => createReadOnlyToken(world.emulator.url, registry.registryId, name);

/** The sum of a counter over all its label sets, from the server's /metrics. */
async function counter(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** Waits until no job of the integration is queued or running (a push can queue more than one analysis). */
async function jobsSettled(): Promise<void> {
  await until(async () => {
    for await (const job of scout.jobs.list(integrationId)) {
      if (job.state === 'queued' || job.state === 'running') return undefined;
    }
    return true;
  });
}

async function cli(args: string[]) {
  const result = await runCli([...args, '--data', dataDir]);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

async function vulnerabilities(options: Parameters<ScoutClient['images']['vulnerabilities']>[2] = {}) {
  const out: Vulnerability[] = [];
  for await (const v of scout.images.vulnerabilities(integrationId, image.digest, { pageSize: 3, ...options }))
    out.push(v);
  return out;
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scout-acr-findings-e2e-'));
  dataDir = join(temp, 'server');
  world = await startWorld({ registries: ['scoutvulns'], resourceGroup: 'rg-findings-e2e' });
  registry = world.registries[0] as TestRegistry;
  server = await startAnalysisServer(dataDir);
  apiKey = (await createApiKey(server.context.store, { org: 'e2e', role: 'admin' })).key;
  scout = new ScoutClient({ baseUrl: server.url, apiKey });
  const integration = await scout.integrations.create({
    loginServer: registry.loginServer,
    tokenName: TOKEN,
    password: await createToken(TOKEN),
  });
  integrationId = integration.id;
  const arm = new EventGridArm(world.emulator, world.resourceGroup, 'docker-scout-repository');
  await arm.createSystemTopic(registry.registryId);
  await arm.createSubscription('image-change', webhookSubscription(integration.webhookUrl as string));
  await scout.repositories.activate(integrationId, { names: ['shop/api'] });
});

afterAll(async () => {
  await server?.close(2_000);
  await world?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('vulnerability findings on the test world', () => {
  it('imports the OSV fixtures with the CLI; the running server loads them', async () => {
    expect((await scout.vulndb.status()).present).toBe(false);
    const imported = await cli(['db', 'import', OSV_FIXTURES, '--json', '--quiet']);
    const status = JSON.parse(imported.stdout) as { records: number; recordsByEcosystem: Record<string, number> };
    expect(status.recordsByEcosystem).toMatchObject({
      npm: expect.any(Number),
      PyPI: expect.any(Number),
      Ubuntu: expect.any(Number),
    });
    const text = (await cli(['db', 'status'])).stdout;
    expect(text).toContain(`records:          ${status.records}`);
    expect(text).toMatch(/newest record: +\S+ \(\d+ \w+ old\)/);
    const loaded = await until(async () => {
      const s = await scout.vulndb.status();
      return s.loadedAt ? s : undefined;
    });
    expect(loaded).toMatchObject({ present: true, records: status.records });
  });

  it('lists the expected findings with their fixed versions after the push event', async () => {
    const dir = join(temp, 'layout');
    const layout = await buildOciLayout({ dir, image: { layers } });
    await pushImage({ layoutDir: dir, ref: 'shop/api:v1', registry });
    const digest = (layout.images[0] as (typeof layout.images)[number]).manifest.digest;
    image = await until(async () => {
      const found = (await scout.images.lookup(integrationId, 'shop/api:v1')).images[0];
      return found?.matchedAt ? found : undefined;
    });
    await jobsSettled();
    image = (await scout.images.lookup(integrationId, 'shop/api:v1')).images[0] as Image;
    expect(image).toMatchObject({
      digest,
      status: 'ANALYZED',
      distro: { id: 'ubuntu', versionId: '22.04' },
      analysisError: null,
    });
    const all = await vulnerabilities();
    const summary = image.vulnerabilities as Record<string, number>;
    expect(Object.values(summary).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(image.vulnDbVersion).toBe((await scout.vulndb.status()).importedAt);

    const byId = (id: string) => all.find((v) => v.id === id);
    expect(byId('CVE-2024-0553')).toMatchObject({
      ecosystem: 'Ubuntu:22.04:LTS',
      package: { name: 'libgnutls30', sourceName: 'gnutls28', type: 'deb', version: OLD_GNUTLS_VERSION },
      fixedVersions: ['3.7.3-4ubuntu1.4'],
      fixState: 'fixed',
    });
    expect(byId('CVE-2021-23337')).toMatchObject({
      package: { name: 'lodash', version: '4.17.15', type: 'npm' },
      fixedVersions: ['4.17.21'],
    });
    expect(byId('CVE-2021-23337')?.aliases).toContain('GHSA-35jh-r3h4-6jhm');
    expect(byId('CVE-2023-32681')).toMatchObject({
      package: { name: 'requests', version: '2.30.0', type: 'pypi' },
      fixedVersions: ['2.31.0'],
    });
    expect(byId('CVE-2023-32681')?.aliases).toContain('PYSEC-2023-74');

    // Filters: an alias finds its vulnerability; type, severity and fixability narrow the list.
    expect((await vulnerabilities({ id: 'PYSEC-2023-74' })).map((v) => v.id)).toEqual(['CVE-2023-32681']);
    expect((await vulnerabilities({ id: 'GHSA-35jh-r3h4-6jhm' })).map((v) => v.id)).toEqual(['CVE-2021-23337']);
    const npm = await vulnerabilities({ packageType: 'npm' });
    expect(npm.length).toBeGreaterThan(0);
    expect(npm.every((v) => v.package.type === 'npm')).toBe(true);
    const worst = await vulnerabilities({ severity: ['critical', 'high'] });
    expect(worst.map((v) => v.id)).toEqual(
      all.filter((v) => v.severity === 'critical' || v.severity === 'high').map((v) => v.id),
    );
    expect((await vulnerabilities({ fixable: false })).every((v) => v.fixedVersions.length === 0)).toBe(true);
  });

  it('serves SBOM downloads that validate against CycloneDX 1.6 and SPDX 2.3, with their media types', async () => {
    const base = `${server.url}/v1/integrations/${integrationId}/images/${image.digest}/sbom`;
    const headers = { authorization: `Bearer ${apiKey}` };
    const cdxResponse = await fetch(`${base}?format=cyclonedx`, { headers });
    expect(cdxResponse.status).toBe(200);
    expect(cdxResponse.headers.get('content-type')).toMatch(/^application\/vnd\.cyclonedx\+json/);
    const cdx = (await cdxResponse.json()) as {
      specVersion: string;
      components: Array<{ purl?: string }>;
      vulnerabilities?: Array<{ id: string }>;
    };
    expect(cycloneDxValidator()(cdx)).toEqual([]);
    expect(cdx.specVersion).toBe('1.6');
    expect(cdx.components.map((c) => c.purl)).toEqual(
      expect.arrayContaining([expect.stringContaining('pkg:npm/lodash@4.17.15')]),
    );
    expect(cdx.vulnerabilities?.map((v) => v.id)).toContain('CVE-2024-0553');

    const spdxResponse = await fetch(`${base}?format=spdx`, { headers });
    expect(spdxResponse.headers.get('content-type')).toMatch(/^application\/spdx\+json/);
    const spdx = await spdxResponse.json();
    expect(vendoredValidator('spdx-2.3.subset.schema.json')(spdx)).toEqual([]);
    const viaClient = await scout.images.sbom(integrationId, image.digest, 'spdx');
    expect(viaClient).toMatchObject({ spdxVersion: 'SPDX-2.3' });
  });

  it('re-matches the stored image without a pull when newer data is imported, and records the change', async () => {
    const layersBefore = await counter('scout_acr_analysis_layers_total');
    const analysesBefore = await counter('scout_acr_analyses_total');
    expect(layersBefore).toBeGreaterThan(0);
    const extra = join(temp, 'osv-extra');
    await mkdir(extra);
    await writeFile(join(extra, `${LATER_LODASH_RECORD.id}.json`), JSON.stringify(LATER_LODASH_RECORD));
    await cli(['db', 'import', OSV_FIXTURES, extra, '--quiet']);

    const [latest] = await until(async () => {
      const entries = [];
      for await (const e of scout.images.history(integrationId, image.digest)) entries.push(e);
      return entries[0]?.kind === 'rematch' && entries[0].addedCount > 0 ? entries : undefined;
    });
    expect(latest).toMatchObject({
      kind: 'rematch',
      addedCount: 1,
      resolvedCount: 0,
      added: [{ id: 'CVE-2099-0042', package: 'lodash', severity: 'high' }],
    });
    expect(latest?.dbVersion).toBe((await scout.vulndb.status()).importedAt);
    expect((await vulnerabilities({ id: 'GHSA-scou-tacr-e2e0' })).map((v) => v.fixedVersions)).toEqual([['4.17.22']]);
    // No layer was read or looked up again, and no analysis ran: the re-match used the stored inventory.
    expect(await counter('scout_acr_analysis_layers_total')).toBe(layersBefore);
    expect(await counter('scout_acr_analyses_total')).toBe(analysesBefore);
    const history = [];
    for await (const e of scout.images.history(integrationId, image.digest)) history.push(e.kind);
    expect(history.at(-1)).toBe('analysis');
  });
});
