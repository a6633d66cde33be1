/**
 * The end-to-end flow on the test world: the ARM emulator, a registry with ACR's auth and the Event Grid
 * delivery, and a real scout-acr server using the SDK's RegistryClient.
 * A token password from ARM → CONNECTED; the token disabled → FAILED with its reason; the `image-change`
 * subscription created through ARM (the emulator runs the validation handshake against the webhook); a repository
 * that already holds an image activated → its latest image recorded; a push → recorded through the Event Grid
 * delivery; a delete → marked deleted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScoutClient } from '@scout-acr/sdk/client';
import { ScoutClient as Client } from '@scout-acr/sdk/client';
import { createApiKey, type ScoutServer, SqliteStore, startScoutServer } from '@scout-acr/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { type EventGridDelivery, startEventGridDelivery } from '../../harness/eventgrid/index.js';
import { buildOciLayout, deleteImage, pushImage } from '../../harness/images/index.js';
import { startRegistry, type TestRegistry } from '../../harness/registry/index.js';
import { until } from '../../harness/until.js';
import { EventGridArm, webhookSubscription } from '../eventgrid/arm.js';
import { armCall, createReadOnlyToken } from './arm.js';

const RESOURCE_GROUP = 'rg-server-e2e';
const CR_API = 'api-version=2025-11-01';

let emulator: ArmEmulator;
let delivery: EventGridDelivery;
let registry: TestRegistry;
let server: ScoutServer;
let scout: ScoutClient;
let temp: string;
let layouts = 0;

const createToken = (name: string) => createReadOnlyToken(emulator.url, registry.registryId, name);

async function setTokenStatus(name: string, status: 'enabled' | 'disabled'): Promise<void> {
  const base = `${emulator.url}/subscriptions/${emulator.subscriptionId}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/${registry.name}`;
  await armCall('PATCH', `${base}/tokens/${name}?${CR_API}`, { properties: { status } });
}

async function push(ref: string, label: string): Promise<string> {
  const dir = join(temp, `layout-${layouts++}`);
  const layout = await buildOciLayout({
    dir,
    image: { layers: [{ files: { [`app/${label}.txt`]: `${label}\n` } }], labels: { 'org.example.build': label } },
  });
  await pushImage({ layoutDir: dir, ref, registry });
  return layout.top.digest;
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scout-acr-server-e2e-'));
  emulator = await startArmEmulator();
  emulator.state.ensureResourceGroup(RESOURCE_GROUP);
  delivery = await startEventGridDelivery({ emulator, timeScale: 0.001 });
  registry = await startRegistry({
    emulator,
    resourceGroup: RESOURCE_GROUP,
    name: 'scoutserver',
    notificationUrl: delivery.notificationUrl,
  });
  const dataDir = join(temp, 'server');
  server = await startScoutServer({ dataDir, port: 0, host: '127.0.0.1', worker: { pollMs: 50 } });
  const store = new SqliteStore(join(dataDir, 'scout-acr.db'));
  const { key } = await createApiKey(store, { org: 'e2e', role: 'admin' });
  await store.close();
  scout = new Client({ baseUrl: server.url, apiKey: key });
});

afterAll(async () => {
  await server?.close(2_000);
  await delivery?.close();
  await registry?.close();
  await emulator?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('scout-acr server on the test world', () => {
  let integrationId: string;
  let firstDigest: string;

  it('connects with a real token password, and reports a disabled token', async () => {
    firstDigest = await push('shop/api:v1', 'v1');
    const password = await createToken('docker-scout-readonly-token');
    const integration = await scout.integrations.create({
      loginServer: registry.loginServer,
      tokenName: 'docker-scout-readonly-token',
      password,
    });
    expect(integration).toMatchObject({ status: 'CONNECTED', failure: null });
    integrationId = integration.id;

    const other = await createToken('disabled-token-1');
    await setTokenStatus('disabled-token-1', 'disabled');
    const disabled = await scout.integrations.create({
      loginServer: registry.loginServer,
      tokenName: 'disabled-token-1',
      password: other,
    });
    expect(disabled.status).toBe('FAILED');
    expect(disabled.failure, disabled.statusReason ?? '').toBe('disabled-token');
    expect(disabled.statusReason).toBeTruthy();
    await scout.integrations.delete(disabled.id);
  });

  it('passes the Event Grid validation handshake when the subscription is created', async () => {
    const integration = await scout.integrations.get(integrationId);
    const arm = new EventGridArm(emulator, RESOURCE_GROUP, 'docker-scout-repository');
    await arm.createSystemTopic(registry.registryId);
    const subscription = (await arm.createSubscription(
      'image-change',
      webhookSubscription(integration.webhookUrl as string),
    )) as {
      properties: { provisioningState: string };
    };
    expect(subscription.properties.provisioningState).toBe('Succeeded');
  });

  it('activating a repository records its latest image', async () => {
    const repos = [];
    for await (const r of scout.repositories.list(integrationId)) repos.push(r.name);
    expect(repos).toContain('shop/api');
    expect(await scout.repositories.activate(integrationId, { names: ['shop/api'] })).toMatchObject({ queuedJobs: 1 });
    const found = await until(async () => (await scout.images.lookup(integrationId, 'shop/api:v1')).images[0]);
    expect(found).toMatchObject({
      digest: firstDigest,
      repository: 'shop/api',
      tags: ['v1'],
      labels: { 'org.example.build': 'v1' },
    });
    expect(found.layers[0]?.diffId).toMatch(/^sha256:/);
  });

  it('a push is recorded through the Event Grid delivery, a delete marks it deleted', async () => {
    const digest = await push('shop/api:v2', 'v2');
    const recorded = await until(async () => (await scout.images.lookup(integrationId, 'shop/api:v2')).images[0]);
    expect(recorded.digest).toBe(digest);
    await deleteImage({ ref: `shop/api@${digest}`, registry });
    const gone = await until(async () => {
      for await (const image of scout.images.list(integrationId, 'shop/api', { includeDeleted: true })) {
        if (image.digest === digest && image.status === 'DELETED') return image;
      }
      return undefined;
    });
    expect(gone.tags).toEqual([]);
    const events = [];
    for await (const e of scout.events.list(integrationId)) events.push(e.type);
    expect(events).toEqual(
      expect.arrayContaining(['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted']),
    );
  });
});
