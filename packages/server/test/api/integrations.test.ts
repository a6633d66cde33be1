import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ScoutApiError } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('integrations API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  const create = (password: string) =>
    t
      .client(t.keys.adminA)
      .integrations.create({ loginServer: 'reg.azurecr.io', tokenName: 'docker-scout-readonly-token', password });

  it('runs the connection test on create: CONNECTED with the right password', async () => {
    const integration = await create(t.registry.password);
    expect(integration).toMatchObject({ status: 'CONNECTED', statusReason: null, failure: null });
    expect(integration.webhookUrl).toMatch(
      new RegExp(`^${t.url}/v1/webhooks/eventgrid/${integration.id}\\?code=[\\w-]{43}$`),
    );
    expect(JSON.stringify(integration)).not.toContain(t.registry.password);
  });

  it('FAILED with a human reason for a wrong password', async () => {
    const integration = await create('wrong-password');
    expect(integration).toMatchObject({ status: 'FAILED', failure: 'bad-password' });
    expect(integration.statusReason).toMatch(/rejected/);
  });

  it('FAILED with reason for a disabled token, and PENDING when the registry is throttling', async () => {
    t.registry.failure = Object.assign(new Error('token is disabled'), { status: 401, code: 'Unauthorized' });
    expect(await create(t.registry.password)).toMatchObject({ status: 'FAILED', failure: 'disabled-token' });
    t.registry.failure = Object.assign(new Error('too many requests'), { status: 429, code: 'RateLimited' });
    expect(await create(t.registry.password)).toMatchObject({ status: 'PENDING' });
    t.registry.failure = undefined;
  });

  it('shows the webhook URL to admins only', async () => {
    const integration = await create(t.registry.password);
    const asViewer = await t.client(t.keys.viewerA).integrations.get(integration.id);
    expect(asViewer.webhookUrl).toBeUndefined();
    expect((await t.client(t.keys.adminA).integrations.get(integration.id)).webhookUrl).toBe(integration.webhookUrl);
  });

  it('rotates the password only after the new one passes the test', async () => {
    const integration = await create(t.registry.password);
    const admin = t.client(t.keys.adminA);
    const refused = await admin.integrations
      .rotatePassword(integration.id, 'not-the-password')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScoutApiError);
    expect((refused as ScoutApiError).status).toBe(422);
    expect(String((refused as ScoutApiError).message)).not.toContain('not-the-password');
    expect((await admin.integrations.test(integration.id)).status).toBe('CONNECTED'); // old password kept
    t.registry.password = 'the-new-password';
    expect((await admin.integrations.rotatePassword(integration.id, 'the-new-password')).status).toBe('CONNECTED');
    expect((await admin.integrations.test(integration.id)).status).toBe('CONNECTED');
  });

  it('updates, re-tests on credential change, and deletes', async () => {
    const admin = t.client(t.keys.adminA);
    const integration = await create(t.registry.password);
    const renamed = await admin.integrations.update(integration.id, { name: 'prod' });
    expect(renamed).toMatchObject({ name: 'prod', status: 'CONNECTED' });
    const broken = await admin.integrations.update(integration.id, { password: 'nope-nope' });
    expect(broken.status).toBe('FAILED');
    expect(await admin.integrations.delete(integration.id)).toEqual({ deleted: true });
    const gone = await admin.integrations.get(integration.id).catch((e: unknown) => e);
    expect((gone as ScoutApiError).status).toBe(404);
  });

  it('validates requests against the contract (400 naming the field)', async () => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.adminA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ loginServer: 'bad host!', tokenName: 'x' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.loginServer', 'body.password']),
    );
  });

  it('pages the list with opaque cursors', async () => {
    const admin = t.client(t.keys.adminA);
    const all: string[] = [];
    for await (const i of admin.integrations.list()) all.push(i.id);
    const paged: string[] = [];
    let pages = 0;
    for await (const page of admin.integrations.list().byPage({ maxPageSize: 2 })) {
      pages++;
      paged.push(...page.items.map((i) => i.id));
    }
    expect(paged).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('stores the password encrypted, the secret key file 0600, the database owner-only', async () => {
    const integration = await create(t.registry.password);
    expect(statSync(join(t.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dataDir, 'scout-acr.db')).mode & 0o077).toBe(0);
    const store = new SqliteStore(join(t.dataDir, 'scout-acr.db'));
    try {
      const row = store.db.prepare('SELECT * FROM integrations WHERE id = ?').get(integration.id) as Record<
        string,
        unknown
      >;
      const raw = JSON.stringify(row, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
      expect(raw).not.toContain(t.registry.password);
      expect(raw).not.toContain((integration.webhookUrl as string).split('code=')[1]);
    } finally {
      await store.close();
    }
  });
});
