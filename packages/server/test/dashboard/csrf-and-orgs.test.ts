import type { Image } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, pushed } from '../helpers/deliveries.js';
import { eventually } from '../helpers/test-server.js';
import { type DashboardTestServer, INDEX_HTML, type SignIn, signIn, startDashboardServer } from './helpers.js';

const CREATE = { loginServer: 'reg.azurecr.io', tokenName: 'tok-en', password: '' };

describe('cookie-authenticated writes need the CSRF header and our own Origin', () => {
  let t: DashboardTestServer;
  let admin: SignIn;
  let viewer: SignIn;
  let origin: string;

  beforeAll(async () => {
    t = await startDashboardServer();
    CREATE.password = t.registry.password;
    admin = await signIn(t.url, t.keys.adminA);
    viewer = await signIn(t.url, t.keys.viewerA);
    origin = t.url;
  });
  afterAll(() => t?.close());

  const create = (cookie: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(CREATE),
    });
  const count = async () => (await t.client(t.keys.adminA).integrations.list().byPage().next()).value?.items.length;

  it('refuses a write without the header (403 CsrfRejected) and changes nothing', async () => {
    const before = await count();
    const res = await create(admin.cookie);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CsrfRejected');
    expect((await create(admin.cookie, { 'x-scout-acr-csrf': 'true' })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('refuses a write from a foreign Origin even with the header', async () => {
    for (const foreign of ['https://evil.example.com', 'null', `${origin}.evil.example.com`, 'http://127.0.0.1:1']) {
      const res = await create(admin.cookie, { 'x-scout-acr-csrf': '1', origin: foreign });
      expect(res.status, foreign).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CsrfRejected');
    }
  });

  it('accepts a write with the header and our Origin, or the header and no Origin', async () => {
    const withOrigin = await create(admin.cookie, { 'x-scout-acr-csrf': '1', origin });
    expect(withOrigin.status).toBe(201);
    const id = ((await withOrigin.json()) as { id: string }).id;
    const del = await fetch(`${t.url}/v1/integrations/${id}`, {
      method: 'DELETE',
      headers: { cookie: admin.cookie, 'x-scout-acr-csrf': '1' },
    });
    expect(del.status).toBe(200);
  });

  it('leaves key-authenticated writes and cookie reads as they were', async () => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.adminA}`, 'content-type': 'application/json' },
      body: JSON.stringify(CREATE),
    });
    expect(res.status).toBe(201);
    const read = await fetch(`${t.url}/v1/integrations`, {
      headers: { cookie: admin.cookie, origin: 'https://evil.example.com' },
    });
    expect(read.status).toBe(200);
  });

  it('a viewer’s cookie cannot write (403 Forbidden), CSRF header or not', async () => {
    const res = await create(viewer.cookie, { 'x-scout-acr-csrf': '1', origin });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Forbidden');
  });

  it('sign-in and sign-out refuse a foreign Origin', async () => {
    expect((await signIn(t.url, t.keys.adminA, { origin: 'https://evil.example.com' })).status).toBe(403);
    const out = await fetch(`${t.url}/dashboard/session`, {
      method: 'DELETE',
      headers: { cookie: admin.cookie, origin: 'https://evil.example.com' },
    });
    expect(out.status).toBe(403);
    expect((await fetch(`${t.url}/v1/me`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });
});

describe('organizations stay apart through the cookie: API and pages', () => {
  let t: DashboardTestServer;
  let integrationId: string;
  let digest: string;
  let a: SignIn;
  let b: SignIn;

  beforeAll(async () => {
    t = await startDashboardServer();
    t.registry.push('team-a/app', 'v1');
    const admin = t.client(t.keys.adminA);
    const integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    integrationId = integration.id;
    await admin.repositories.activate(integrationId, { names: ['team-a/app'] });
    await deliver(integration.webhookUrl as string, [
      pushed('team-a/app', 'v1', t.registry.tags.get('team-a/app:v1') as string),
    ]);
    const image = await eventually(async () => {
      const found = await admin.images.lookup(integrationId, 'team-a/app:v1').catch(() => undefined);
      return found?.images[0];
    });
    digest = (image as Image).digest;
    a = await signIn(t.url, t.keys.adminA);
    b = await signIn(t.url, t.keys.adminB);
  });
  afterAll(() => t?.close());

  const page = (path: string, cookie?: string) => fetch(`${t.url}${path}`, { headers: cookie ? { cookie } : {} });

  it('another organization’s integration and image are 404 through the API', async () => {
    for (const path of [
      `/v1/integrations/${integrationId}`,
      `/v1/integrations/${integrationId}/repositories`,
      `/v1/integrations/${integrationId}/repositories/trend?repository=team-a%2Fapp`,
      `/v1/integrations/${integrationId}/image?reference=${encodeURIComponent(digest)}`,
    ]) {
      const res = await page(path, b.cookie);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(digest);
      expect((await page(path, a.cookie)).status, path).toBe(200);
    }
  });

  it('another organization’s page URLs answer the page with 404; the owner’s answer 200', async () => {
    const paths = [
      `/integrations/${integrationId}`,
      `/integrations/${integrationId}/repositories?name=team-a/app`,
      `/integrations/${integrationId}/images/${digest}`,
    ];
    for (const path of paths) {
      const foreign = await page(path, b.cookie);
      expect(foreign.status, path).toBe(404);
      expect(foreign.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await foreign.text()).toBe(INDEX_HTML);
      expect((await page(path, a.cookie)).status, path).toBe(200);
      expect((await page(path)).status, `${path} without a session`).toBe(200);
    }
  });

  it('an unknown digest within the organization’s own integration is 404 too', async () => {
    const res = await page(`/integrations/${integrationId}/images/sha256:${'9'.repeat(64)}`, a.cookie);
    expect(res.status).toBe(404);
    expect((await page('/integrations/int_missing', a.cookie)).status).toBe(404);
  });
});
