/**
 * The test world of the insight command tests, built like the findings e2e: the real OSV fixtures imported with
 * `scout-acr-server db import`, and images of real old packages pushed behind ACR's auth and analyzed after their
 * push events. Three images: `shop/base:1` (Ubuntu 22.04 with an old gnutls), `shop/api:v1` (the base plus old
 * lodash and requests) and `shop/api:v2` (the base plus the fixed lodash and requests).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Image, ScoutClient } from '@scout-acr/sdk/client';
import { createApiKey, type ScoutServer } from '@scout-acr/server';
import { buildOciLayout, type LayerSpec, pushImage } from '../../harness/images/index.js';
import type { TestRegistry } from '../../harness/registry/index.js';
import { until } from '../../harness/until.js';
import { startWorld, type World } from '../../harness/world.js';
import { EventGridArm, webhookSubscription } from '../eventgrid/arm.js';
import {
  oldLodashPackageJson,
  REQUESTS_2_30_0_METADATA,
  UBUNTU_2204_OS_RELEASE,
  ubuntuGnutlsStatus,
} from '../findings/fixtures.js';
import { createReadOnlyToken } from '../server/arm.js';
import { REPO_ROOT, runCli, startAnalysisServer } from '../server/server-process.js';

const TOKEN = 'docker-scout-readonly-token';
const OSV_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'osv');

export interface InsightsWorld {
  serverUrl: string;
  adminKey: string;
  viewerKey: string;
  loginServer: string;
  integrationId: string;
  client: ScoutClient;
  images: { base: Image; v1: Image; v2: Image };
  /** The in-process server: its store makes extra keys (e.g. another organization's for the dashboard tests). */
  server: ScoutServer;
  close(): Promise<void>;
}

const osLayer: LayerSpec = {
  files: { 'etc/os-release': UBUNTU_2204_OS_RELEASE, 'var/lib/dpkg/status': ubuntuGnutlsStatus() },
};
const oldAppLayer: LayerSpec = {
  files: {
    'srv/app/node_modules/lodash/package.json': oldLodashPackageJson(),
    'usr/local/lib/python3.10/dist-packages/requests-2.30.0.dist-info/METADATA': REQUESTS_2_30_0_METADATA,
  },
};
/** The same application with the versions that fix its findings (only the version fields rewritten). */
const fixedAppLayer: LayerSpec = {
  files: {
    'srv/app/node_modules/lodash/package.json': oldLodashPackageJson().replace('"4.17.15"', '"4.17.21"'),
    'usr/local/lib/python3.10/dist-packages/requests-2.31.0.dist-info/METADATA': REQUESTS_2_30_0_METADATA.replace(
      'Version: 2.30.0',
      'Version: 2.31.0',
    ),
  },
};

/** Starts the world, imports the database, pushes and waits for the three images to be analyzed and matched. */
export async function startInsightsWorld(): Promise<InsightsWorld> {
  const temp = await mkdtemp(join(tmpdir(), 'scout-acr-insights-e2e-'));
  const dataDir = join(temp, 'server');
  let world: World | undefined;
  let server: ScoutServer | undefined;
  const close = async () => {
    await server?.close(2_000);
    await world?.close();
    await rm(temp, { recursive: true, force: true });
  };
  try {
    world = await startWorld({ registries: ['scoutinsights'], resourceGroup: 'rg-insights-e2e' });
    const registry = world.registries[0] as TestRegistry;
    server = await startAnalysisServer(dataDir);
    const imported = await runCli(['db', 'import', OSV_FIXTURES, '--quiet', '--data', dataDir]);
    if (imported.code !== 0) throw new Error(`db import failed: ${imported.stderr}`);
    const adminKey = (await createApiKey(server.context.store, { org: 'e2e', role: 'admin' })).key;
    const viewerKey = (await createApiKey(server.context.store, { org: 'e2e', role: 'viewer' })).key;
    const client = new ScoutClient({ baseUrl: server.url, apiKey: adminKey });
    await until(async () => ((await client.vulndb.status()).loadedAt ? true : undefined), 90_000);

    const password = await createReadOnlyToken(world.emulator.url, registry.registryId, TOKEN);
    const integration = await client.integrations.create({
      loginServer: registry.loginServer,
      tokenName: TOKEN,
      password,
    });
    const arm = new EventGridArm(world.emulator, world.resourceGroup, 'docker-scout-repository');
    await arm.createSystemTopic(registry.registryId);
    await arm.createSubscription('image-change', webhookSubscription(integration.webhookUrl as string));
    await client.repositories.activate(integration.id, { names: ['shop/api', 'shop/base'] });

    const push = async (name: string, ref: string, layers: LayerSpec[]) => {
      const dir = join(temp, name);
      await buildOciLayout({ dir, image: { layers } });
      await pushImage({ layoutDir: dir, ref, registry });
    };
    await push('base', 'shop/base:1', [osLayer]);
    await push('v1', 'shop/api:v1', [osLayer, oldAppLayer]);
    await push('v2', 'shop/api:v2', [osLayer, fixedAppLayer]);
    const matched = (reference: string) =>
      until(async () => {
        const found = (await client.images.lookup(integration.id, reference)).images[0];
        return found?.status === 'ANALYZED' && found.matchedAt ? found : undefined;
      }, 90_000);
    const images = {
      base: await matched('shop/base:1'),
      v1: await matched('shop/api:v1'),
      v2: await matched('shop/api:v2'),
    };
    return {
      serverUrl: server.url,
      adminKey,
      viewerKey,
      loginServer: registry.loginServer,
      integrationId: integration.id,
      client,
      images,
      server,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
