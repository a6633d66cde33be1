import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, SqliteStore } from '../../src/index.js';
import { type DashboardTestServer, SECURITY_HEADERS, signIn, startDashboardServer } from './helpers.js';

const HOUR = 60 * 60_000;
const SESSION_COOKIE = /^scout_acr_session=([A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/;

describe('dashboard sign-in sessions', () => {
  let t: DashboardTestServer;
  let offset = 0;
  const me = (cookie: string) => fetch(`${t.url}/v1/me`, { headers: { cookie } });

  beforeAll(async () => {
    t = await startDashboardServer();
    t.server.context.now = () => Date.now() + offset;
  });
  afterAll(() => t?.close());

  it('signs in with an API key: a session cookie (HttpOnly, SameSite=Strict, Path=/, Max-Age 12 h) and who you are', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ org: 'org-a', role: 'admin' });
    expect(s.setCookie).toMatch(SESSION_COOKIE);
    expect(s.setCookie).not.toContain('Secure');
    expect(s.token).not.toBe('');
    const viewer = await signIn(t.url, t.keys.viewerA);
    expect(viewer.body).toEqual({ org: 'org-a', role: 'viewer' });
    expect(viewer.token).not.toBe(s.token);
  });

  it('the cookie authenticates /v1 like the key it was made from', async () => {
    const s = await signIn(t.url, t.keys.viewerA);
    const res = await me(s.cookie);
    expect(res.status).toBe(200);
    const identity = (await res.json()) as { organization: string; role: string; keyId: string };
    expect(identity).toEqual({ organization: 'org-a', role: 'viewer', keyId: t.keys.viewerA.slice(5, 17) });
    const list = await fetch(`${t.url}/v1/integrations`, { headers: { cookie: s.cookie } });
    expect(list.status).toBe(200);
    expect(await me('scout_acr_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toHaveProperty('status', 401);
    expect(await me('scout_acr_session=not-a-token')).toHaveProperty('status', 401);
  });

  it('an Authorization header decides alone: a wrong key is 401 even beside a valid cookie', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    const res = await fetch(`${t.url}/v1/me`, { headers: { cookie: s.cookie, authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
  });

  it('signs out: the row is deleted, the cookie cleared, and the old cookie is refused', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    expect((await me(s.cookie)).status).toBe(200);
    const out = await fetch(`${t.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: s.cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('scout_acr_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(out.headers.get(name)).toBe(value);
    const after = await me(s.cookie);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
    // Signing out again (or without a session) is still a clean 204.
    expect(
      (await fetch(`${t.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: s.cookie } })).status,
    ).toBe(204);
  });

  it('a wrong key gets the API’s own 401 body; malformed requests get 400 and 415', async () => {
    const api = await fetch(`${t.url}/v1/me`, { headers: { authorization: 'Bearer sacr_000000000000_x' } });
    const apiBody = (await api.json()) as { error: Record<string, unknown> };
    // Change the last character to one it is not, so the key is wrong on every run (not 1 in 64).
    const key = t.keys.adminA;
    const wrong = await signIn(t.url, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status).toBe(401);
    expect(wrong.setCookie).toBe('');
    const { requestId: _a, ...apiError } = apiBody.error;
    const { requestId: _b, ...signInError } = (wrong.body as { error: Record<string, unknown> }).error;
    expect(signInError).toEqual(apiError);
    expect(signInError.code).toBe('Unauthorized');

    const post = (body: string, contentType = 'application/json') =>
      fetch(`${t.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect((await post('{"apiKey":')).status).toBe(400);
    expect((await post('{}')).status).toBe(400);
    expect((await post(JSON.stringify({ apiKey: t.keys.adminA, extra: 1 }))).status).toBe(400);
    const plain = await post(JSON.stringify({ apiKey: t.keys.adminA }), 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.headers.get('set-cookie')).toBeNull();
  });

  it('ends a session idle for 2 h, and keeps one in use', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    offset += 2 * HOUR - 60_000;
    expect((await me(s.cookie)).status).toBe(200); // in use: the idle clock restarts
    offset += 2 * HOUR - 60_000;
    expect((await me(s.cookie)).status).toBe(200);
    offset += 2 * HOUR;
    expect((await me(s.cookie)).status).toBe(401);
    offset -= 2 * HOUR; // the row is gone: going back in time does not revive it
    expect((await me(s.cookie)).status).toBe(401);
    offset += 2 * HOUR;
  });

  it('ends a session 12 h after sign-in however busy it is', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    for (let hours = 1.5; hours < 12; hours += 1.5) {
      offset += 1.5 * HOUR;
      expect((await me(s.cookie)).status, `${hours} h after sign-in`).toBe(200);
    }
    offset += 1.5 * HOUR; // 12 h
    expect((await me(s.cookie)).status).toBe(401);
  });

  it('a revoked API key ends its sessions at once, revoked from another process or behind the store’s back', async () => {
    const store = t.server.context.store as SqliteStore;
    const first = await createApiKey(store, { org: 'org-a', role: 'viewer', name: 'to-revoke' });
    const s1 = await signIn(t.url, first.key);
    expect((await me(s1.cookie)).status).toBe(200);
    // Like `scout-acr-server keys revoke`: another connection on the same database file.
    const cli = new SqliteStore(join(t.dataDir, 'scout-acr.db'));
    expect(await cli.revokeApiKey(first.id, Date.now())).toBe(true);
    await cli.close();
    expect((await me(s1.cookie)).status).toBe(401);

    // Even if a row survived (a revocation written without touching sessions), the per-request check ends it.
    const second = await createApiKey(store, { org: 'org-a', role: 'admin', name: 'raw-revoke' });
    const s2 = await signIn(t.url, second.key);
    expect((await me(s2.cookie)).status).toBe(200);
    store.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(Date.now(), second.id);
    expect((await me(s2.cookie)).status).toBe(401);
    expect((await signIn(t.url, second.key)).status).toBe(401);
    const rows = store.db.prepare('SELECT count(*) AS n FROM dashboard_sessions WHERE api_key_id IN (?, ?)');
    expect((rows.get(first.id, second.id) as { n: number }).n).toBe(0);
  });

  it('purges expired rows as it goes', async () => {
    const store = t.server.context.store as SqliteStore;
    await signIn(t.url, t.keys.viewerA);
    offset += 13 * HOUR;
    await signIn(t.url, t.keys.viewerA); // a sign-in purges
    const live = store.db.prepare('SELECT count(*) AS n FROM dashboard_sessions').get() as { n: number };
    expect(live.n).toBe(1);
  });
});

describe('dashboard sessions behind an https public URL', () => {
  let t: DashboardTestServer;
  beforeAll(async () => {
    t = await startDashboardServer({ publicUrl: 'https://scout.example.com' });
  });
  afterAll(() => t?.close());

  it('marks the cookie Secure, on sign-in and on sign-out', async () => {
    const s = await signIn(t.url, t.keys.adminA);
    expect(s.status).toBe(200);
    expect(s.setCookie).toBe(`scout_acr_session=${s.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure`);
    const out = await fetch(`${t.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: s.cookie } });
    expect(out.headers.get('set-cookie')).toBe(
      'scout_acr_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
    );
  });

  it('takes the public URL’s origin as its own', async () => {
    const s = await signIn(t.url, t.keys.adminA, { origin: 'https://scout.example.com' });
    expect(s.status).toBe(200);
    expect((await signIn(t.url, t.keys.adminA, { origin: 'https://evil.example.com' })).status).toBe(403);
  });
});

describe('sign-in throttle', () => {
  let t: DashboardTestServer;
  let offset = 0;
  beforeAll(async () => {
    t = await startDashboardServer();
    t.server.context.now = () => Date.now() + offset;
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After after 10 failures in a minute, even to a right key, until the minute ends', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(t.url, `sacr_000000000000_${'A'.repeat(43)}`)).status).toBe(401);
    const res = await fetch(`${t.url}/dashboard/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: t.keys.adminA }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect(res.headers.get('set-cookie')).toBeNull();
    // The API itself is not throttled by sign-in failures.
    expect((await t.client(t.keys.adminA).me()).organization).toBe('org-a');
    offset += 61_000;
    expect((await signIn(t.url, t.keys.adminA)).status).toBe(200);
  });
});
