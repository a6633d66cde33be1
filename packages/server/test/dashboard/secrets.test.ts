import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/index.js';
import { type DashboardTestServer, signIn, startDashboardServer } from './helpers.js';

/**
 * A full dashboard session (sign-ins right and wrong, reads, writes, sign-out), then a search of the database
 * files, every response and every log line for the session tokens and the API keys.
 */
describe('no session token or API key at rest or in output', () => {
  let t: DashboardTestServer;
  const tokens: string[] = [];
  const responses: string[] = [];
  const wrongKeys: string[] = [];

  const record = async (res: Response, withoutSetCookie = false) => {
    const headers = [...res.headers].filter(([name]) => !withoutSetCookie || name !== 'set-cookie');
    responses.push(`${res.status} ${JSON.stringify(headers)} ${await res.text()}`);
  };

  beforeAll(async () => {
    t = await startDashboardServer();
    for (const key of [t.keys.adminA, t.keys.viewerA, t.keys.adminB]) {
      const res = await fetch(`${t.url}/dashboard/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: key }),
      });
      const token = /^scout_acr_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] as string;
      tokens.push(token);
      // The sign-in answer's Set-Cookie carries the token by design; everything else in it must not.
      await record(res, true);
    }
    for (const key of [
      `${t.keys.adminA}x`,
      t.keys.adminA.replace(/.$/, (last) => (last === 'Z' ? 'Y' : 'Z')),
      'not a key',
    ]) {
      wrongKeys.push(key);
      const res = await fetch(`${t.url}/dashboard/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: key }),
      });
      await record(res);
    }
    const [admin, viewer] = tokens.map((token) => `scout_acr_session=${token}`) as [string, string];
    await record(await fetch(`${t.url}/v1/me`, { headers: { cookie: admin } }));
    await record(
      await fetch(`${t.url}/v1/integrations`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'application/json', 'x-scout-acr-csrf': '1' },
        body: JSON.stringify({ loginServer: 'reg.azurecr.io', tokenName: 'tok-en', password: t.registry.password }),
      }),
    );
    await record(await fetch(`${t.url}/v1/integrations`, { method: 'POST', headers: { cookie: admin } }));
    await record(await fetch(`${t.url}/v1/integrations`, { headers: { cookie: viewer } }));
    await record(await fetch(`${t.url}/integrations/int_missing`, { headers: { cookie: viewer } }));
    await record(await fetch(`${t.url}/`, { headers: { cookie: viewer } }));
    await record(await fetch(`${t.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: viewer } }));
    await record(await fetch(`${t.url}/v1/me`, { headers: { cookie: viewer } }));
    // Let the WAL and the main file both hold whatever was written.
    (t.server.context.store as SqliteStore).db.pragma('wal_checkpoint(PASSIVE)');
    await signIn(t.url, t.keys.adminA);
  });
  afterAll(() => t?.close());

  const secrets = () => [...tokens, t.keys.adminA, t.keys.viewerA, t.keys.adminB, ...wrongKeys.slice(0, 2)];

  it('has real secrets to look for', () => {
    expect(tokens).toHaveLength(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(responses.length).toBeGreaterThan(10);
  });

  it('the database files hold neither a token (as text or bytes) nor an API key', () => {
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('scout-acr.db'));
    expect(files).toContain('scout-acr.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(t.dataDir, f))));
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of secrets()) expect(bytes.includes(Buffer.from(secret)), 'text form').toBe(false);
    for (const token of tokens) expect(bytes.includes(Buffer.from(token, 'base64url')), 'raw bytes').toBe(false);
    // The key's secret part alone is not there either.
    for (const key of [t.keys.adminA, t.keys.viewerA, t.keys.adminB]) {
      expect(bytes.includes(Buffer.from(key.slice(18)))).toBe(false);
    }
  });

  it('no response carries a token or a key, beyond the sign-in cookie itself', () => {
    for (const text of responses) for (const secret of secrets()) expect(text).not.toContain(secret);
  });

  it('no log line carries a token or a key', () => {
    const logs = t.logs.join('\n');
    expect(logs).toContain('dashboard sign-in');
    for (const secret of secrets()) expect(logs).not.toContain(secret);
  });
});
