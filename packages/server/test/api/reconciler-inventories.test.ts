import { createHash } from 'node:crypto';
import { type ReconcilerInventory, ScoutApiError } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const ADDRESS = `${SUB}/rg-scout/myregistry`;
const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/rg-scout/providers/Microsoft.ContainerRegistry/registries/myregistry`;

function inventory(overrides: Partial<ReconcilerInventory> = {}): ReconcilerInventory {
  return {
    managedBy: 'scout-acr',
    address: ADDRESS,
    integrationId: 'int_123',
    location: {
      subscriptionId: SUB,
      resourceGroup: 'rg-scout',
      name: 'myregistry',
      id: REGISTRY_ID,
      loginServer: 'myregistry.azurecr.io',
    },
    scopeMapId: `${REGISTRY_ID}/scopeMaps/scout-acr`,
    tokenId: `${REGISTRY_ID}/tokens/scout-acr`,
    systemTopicId: `/subscriptions/${SUB}/resourceGroups/rg-scout/providers/Microsoft.EventGrid/systemTopics/scout`,
    webhookFingerprint: '0123456789abcdef',
    password: { name: 'password1', expiry: '2027-01-01T00:00:00.000Z' },
    adopted: [`${REGISTRY_ID}/tokens/docker-scout-readonly-token`],
    deletionPolicy: 'delete',
    ...overrides,
  };
}

/** Raw PUT, to send documents the typed client would not let through. */
async function rawPut(t: TestServer, key: string, address: string, body: unknown): Promise<Response> {
  return fetch(`${t.url}/v1/reconciler/inventories/${encodeURIComponent(address)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function listAll(t: TestServer, key: string) {
  const items = [];
  for await (const item of t.client(key).reconciler.listInventories()) items.push(item);
  return items;
}

describe('reconciler inventories', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ worker: false });
  });
  afterAll(() => t?.close());

  it('creates, reads back, replaces and deletes an inventory', async () => {
    const admin = t.client(t.keys.adminA);
    const created = await admin.reconciler.putInventory(inventory());
    expect(created).toMatchObject({ address: ADDRESS, revision: 1, inventory: inventory() });

    const listed = await listAll(t, t.keys.viewerA);
    expect(listed).toEqual([created]);

    const replaced = await admin.reconciler.putInventory(inventory({ integrationId: 'int_456', tokenId: undefined }));
    expect(replaced.revision).toBe(2);
    expect(replaced.inventory.integrationId).toBe('int_456');
    expect(replaced.inventory).not.toHaveProperty('tokenId');

    expect(await admin.reconciler.deleteInventory(ADDRESS)).toEqual({ deleted: true });
    expect(await admin.reconciler.deleteInventory(ADDRESS)).toEqual({ deleted: false });
    expect(await listAll(t, t.keys.adminA)).toEqual([]);
  });

  it('lists every inventory in address order across pages', async () => {
    const admin = t.client(t.keys.adminA);
    const addresses = ['c', 'a', 'b'].map((name) => `${SUB}/rg-list/${name}reg`);
    for (const address of addresses) await admin.reconciler.putInventory({ managedBy: 'scout-acr', address });
    const pages = [];
    for await (const page of admin.reconciler.listInventories().byPage({ maxPageSize: 2 })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(pages.flatMap((p) => p.items.map((i) => i.address))).toEqual([...addresses].sort());
    // The default page holds them all: one request observes the organization.
    const first = await admin.reconciler.listInventories().byPage().next();
    expect(first.value?.items).toHaveLength(3);
    expect(first.value?.nextCursor).toBeNull();
    for (const address of addresses) await admin.reconciler.deleteInventory(address);
  });

  it('guards a write with ifRevision (optimistic concurrency)', async () => {
    const admin = t.client(t.keys.adminA);
    const address = `${SUB}/rg-rev/reg`;
    const doc = { managedBy: 'scout-acr' as const, address };
    const first = await admin.reconciler.putInventory(doc, { ifRevision: 0 });
    expect(first.revision).toBe(1);
    const conflict = await admin.reconciler.putInventory(doc, { ifRevision: 0 }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ScoutApiError);
    expect(conflict).toMatchObject({ status: 409, code: 'RevisionConflict' });
    expect((await admin.reconciler.putInventory(doc, { ifRevision: 1 })).revision).toBe(2);
    await admin.reconciler.deleteInventory(address);
  });

  it('refuses a password value anywhere in the document', async () => {
    const withValue = {
      ...inventory(),
      password: { name: 'password1', expiry: '2027-01-01T00:00:00Z', value: 'hunter2' },
    };
    const asString = { ...inventory(), password: 'hunter2-secret' };
    const topLevel = { ...inventory(), value: 'hunter2-secret' };
    for (const body of [withValue, asString, topLevel]) {
      const res = await rawPut(t, t.keys.adminA, ADDRESS, body);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).not.toContain('hunter2');
    }
    expect(await listAll(t, t.keys.adminA)).toEqual([]);
    expect(t.logs.join('\n')).not.toContain('hunter2');
  });

  it('validates the document and its address', async () => {
    const cases: Array<[string, unknown]> = [
      [ADDRESS, { ...inventory(), managedBy: 'someone-else' }],
      [ADDRESS, { ...inventory(), tokenId: 'not-an-arm-id' }],
      [ADDRESS, { ...inventory(), deletionPolicy: 'maybe' }],
      [ADDRESS, { ...inventory(), password: { name: 'password3', expiry: '2027-01-01T00:00:00Z' } }],
      [ADDRESS, { ...inventory(), address: `${SUB}/rg-scout/other` }],
      ['not-an-address', { ...inventory(), address: 'not-an-address' }],
    ];
    for (const [address, body] of cases) expect((await rawPut(t, t.keys.adminA, address, body)).status).toBe(400);
  });

  it('lets a viewer read but not write', async () => {
    const viewer = t.client(t.keys.viewerA);
    await expect(viewer.reconciler.listInventories().byPage().next()).resolves.toBeDefined();
    await expect(viewer.reconciler.putInventory(inventory())).rejects.toMatchObject({ status: 403 });
    await expect(viewer.reconciler.deleteInventory(ADDRESS)).rejects.toMatchObject({ status: 403 });
  });

  it('keeps each organization’s inventories apart', async () => {
    const a = t.client(t.keys.adminA);
    const b = t.client(t.keys.adminB);
    await a.reconciler.putInventory(inventory());
    expect(await listAll(t, t.keys.adminB)).toEqual([]);
    // B writing the same address makes B's own inventory; deleting it leaves A's untouched.
    await b.reconciler.putInventory(inventory({ integrationId: 'int_b' }));
    expect(await b.reconciler.deleteInventory(ADDRESS)).toEqual({ deleted: true });
    expect(await b.reconciler.deleteInventory(ADDRESS)).toEqual({ deleted: false });
    const own = await listAll(t, t.keys.adminA);
    expect(own.map((i) => [i.address, i.inventory.integrationId])).toEqual([[ADDRESS, 'int_123']]);
    await a.reconciler.deleteInventory(ADDRESS);
  });
});

describe('integration view for the reconciler', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ worker: false });
  });
  afterAll(() => t?.close());

  const fingerprint = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16);

  it('shows admins the webhook base URL and a fingerprint of the full URL, never the secret in them', async () => {
    const admin = t.client(t.keys.adminA);
    const created = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    const full = (await admin.integrations.webhookUrl(created.id)).reveal();
    const secret = new URL(full).searchParams.get('code') as string;
    expect(secret.length).toBeGreaterThan(20);

    const listed = (await admin.integrations.list().byPage().next()).value?.items[0];
    expect(listed).toMatchObject({
      id: created.id,
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      status: 'CONNECTED',
      statusReason: null,
      webhookUrl: full,
      webhookBaseUrl: `${t.server.publicUrl}/v1/webhooks/eventgrid/${created.id}`,
      webhookFingerprint: fingerprint(full),
    });
    expect(listed?.webhookBaseUrl).not.toContain(secret);
    expect(listed?.webhookFingerprint).not.toContain(secret.slice(0, 8));

    const rotated = await admin.integrations.rotateWebhookSecret(created.id);
    expect(rotated.webhookFingerprint).not.toBe(listed?.webhookFingerprint);
    expect(rotated.webhookBaseUrl).toBe(listed?.webhookBaseUrl);
    expect(rotated.webhookFingerprint).toBe(fingerprint((await admin.integrations.webhookUrl(created.id)).reveal()));
  });

  it('shows viewers none of the webhook fields', async () => {
    const viewer = t.client(t.keys.viewerA);
    const listed = (await viewer.integrations.list().byPage().next()).value?.items[0];
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('webhookUrl');
    expect(listed).not.toHaveProperty('webhookBaseUrl');
    expect(listed).not.toHaveProperty('webhookFingerprint');
    await expect(viewer.integrations.webhookUrl(listed?.id as string)).rejects.toMatchObject({ status: 403 });
  });
});
