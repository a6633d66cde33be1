import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateWebDir } from '../../src/dashboard/web-dir.js';
import { startTestServer } from '../helpers/test-server.js';
import {
  type DashboardTestServer,
  INDEX_HTML,
  rawRequest,
  SECURITY_HEADERS,
  signIn,
  startDashboardServer,
} from './helpers.js';

type Headers = Record<string, string | string[] | undefined>;

function expectSecurityHeaders(headers: Headers, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], `${what}: ${name}`).toBe(value);
}

describe('dashboard pages and static files', () => {
  let t: DashboardTestServer;
  beforeAll(async () => {
    t = await startDashboardServer();
  });
  afterAll(() => t?.close());

  it('serves index.html for every page route, never cached, with the security headers', async () => {
    for (const path of [
      '/',
      '/signin',
      '/integrations/int_x',
      '/integrations/int_x/repositories?name=team-a/app',
      `/integrations/int_x/images/sha256:${'a'.repeat(64)}`,
    ]) {
      const res = await rawRequest(t.url, path);
      expect(res.status, path).toBe(200);
      expect(res.body).toBe(INDEX_HTML);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expectSecurityHeaders(res.headers, path);
    }
    const head = await rawRequest(t.url, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
  });

  it('serves assets with their content types, an ETag and no-cache', async () => {
    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/lib/deep.js': 'text/javascript; charset=utf-8',
      '/assets/style.css': 'text/css; charset=utf-8',
      '/assets/icon.svg': 'image/svg+xml',
      '/assets/blob.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await rawRequest(t.url, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(type);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expectSecurityHeaders(res.headers, path);
    }
    expect((await rawRequest(t.url, '/assets/lib/deep.js')).body).toBe('export const deep = 2;\n');
    expect((await rawRequest(t.url, '/assets/app.js?v=1')).status).toBe(200);
  });

  it('answers 304 to a matching If-None-Match and a fresh copy after the file changes', async () => {
    const first = await rawRequest(t.url, '/assets/style.css');
    const etag = first.headers.etag as string;
    const again = await rawRequest(t.url, '/assets/style.css', 'GET', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expectSecurityHeaders(again.headers, '304');
    expect((await rawRequest(t.url, '/assets/style.css', 'GET', { 'if-none-match': `"x", W/${etag}` })).status).toBe(
      304,
    );
    expect((await rawRequest(t.url, '/assets/style.css', 'GET', { 'if-none-match': '"other"' })).status).toBe(200);
    writeFileSync(join(t.webDir, 'assets', 'style.css'), 'body { color: #222; } /* changed */\n');
    const changed = await rawRequest(t.url, '/assets/style.css', 'GET', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('changed');
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers HEAD for assets without a body', async () => {
    const res = await rawRequest(t.url, '/assets/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawRequest(t.url, '/assets/app.js', 'POST')).status).toBe(405);
  });

  it('answers 404 to anything that would leave web/assets, however it is spelled', async () => {
    const attempts = [
      '/assets/../secret.txt',
      '/assets/../../outside.txt',
      '/assets/lib/../../secret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/%2E%2E/secret.txt',
      '/assets/.%2e/secret.txt',
      '/assets/%2e%2e%2fsecret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/..%2Fsecret.txt',
      '/assets/..%5csecret.txt',
      '/assets/..\\secret.txt',
      '/assets/%252e%252e/secret.txt',
      '/assets//etc/passwd',
      '/assets/%2fetc%2fpasswd',
      '/assets/%2Fetc/passwd',
      '/assets/app.js%00.css',
      '/assets/app.js%00',
      '/assets/link.txt',
      '/assets/',
      '/assets/lib',
      '/assets/lib/',
      '/assets/.',
      '/assets/%E0%A4%A',
      '/assets/missing.js',
    ];
    for (const path of attempts) {
      const res = await rawRequest(t.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toMatch(/SECRET|root:/);
      expectSecurityHeaders(res.headers, path);
    }
    // What fetch or a browser would send for the same spellings (dot segments resolved first): 404 as well.
    for (const path of ['/assets/../secret.txt', '/assets/%2e%2e/index.html', '/secret.txt', '/index.html']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('SECRET');
    }
  });

  it('answers a malformed escape in a page path with 400, and keeps serving', async () => {
    expect((await rawRequest(t.url, '/integrations/%E0%A4%A')).status).toBe(400);
    expect((await rawRequest(t.url, '/v1/integrations/%E0%A4%A')).status).toBe(400);
    expect((await rawRequest(t.url, '/healthz')).status).toBe(200);
  });

  it('puts the security headers on every dashboard answer, errors included', async () => {
    const answers: Array<[string, Headers]> = [];
    const post = async (what: string, body: string, contentType = 'application/json') => {
      const res = await fetch(`${t.url}/dashboard/session`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      answers.push([`${what} ${res.status}`, Object.fromEntries(res.headers)]);
    };
    await post('sign-in', JSON.stringify({ apiKey: t.keys.viewerA }));
    await post('sign-in wrong key', JSON.stringify({ apiKey: 'sacr_000000000000_x' }));
    await post('sign-in malformed', '{');
    await post('sign-in text', 'x', 'text/plain');
    const s = await signIn(t.url, t.keys.adminA);
    const out = await fetch(`${t.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: s.cookie } });
    answers.push(['sign-out', Object.fromEntries(out.headers)]);
    const foreign = await fetch(`${t.url}/integrations/int_missing`, { headers: { cookie: s.cookie } });
    answers.push(['404 page', Object.fromEntries(foreign.headers)]);
    expect(answers.map(([what]) => what)).toEqual([
      'sign-in 200',
      'sign-in wrong key 401',
      'sign-in malformed 400',
      'sign-in text 415',
      'sign-out',
      '404 page',
    ]);
    for (const [what, headers] of answers) expectSecurityHeaders(headers, what);
  });
});

describe('dashboard without its files, or turned off', () => {
  it('answers 404 DashboardNotInstalled when web/index.html is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scout-acr-noweb-'));
    const t = await startTestServer({ dashboard: { webDir: empty } });
    try {
      const res = await fetch(`${t.url}/`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DashboardNotInstalled');
      expect((await fetch(`${t.url}/assets/app.js`)).status).toBe(404);
      // Sessions still work: the API can be used from a dashboard served elsewhere.
      expect((await signIn(t.url, t.keys.adminA)).status).toBe(200);
    } finally {
      await t.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('with dashboard: false serves no page, no session and takes no cookie', async () => {
    const t = await startTestServer({ dashboard: false });
    try {
      expect((await fetch(`${t.url}/`)).status).toBe(404);
      expect((await signIn(t.url, t.keys.adminA)).status).toBe(404);
      expect((await fetch(`${t.url}/assets/app.js`)).status).toBe(404);
      expect((await t.client(t.keys.adminA).me()).organization).toBe('org-a');
    } finally {
      await t.close();
    }
  });
});

describe('locating web/', () => {
  it('finds the package’s web/ from src/dashboard (vitest) and from a dist chunk (tsup), and nothing further up', () => {
    const root = mkdtempSync(join(tmpdir(), 'scout-acr-locate-'));
    try {
      const pkg = join(root, 'a', 'b', 'c', 'd', 'pkg');
      mkdirSync(join(pkg, 'web'), { recursive: true });
      mkdirSync(join(pkg, 'src', 'dashboard'), { recursive: true });
      mkdirSync(join(pkg, 'dist'), { recursive: true });
      expect(locateWebDir(pathToFileURL(join(pkg, 'dist', 'chunk-x.js')).href)).toBeUndefined();
      writeFileSync(join(pkg, 'web', 'index.html'), INDEX_HTML);
      expect(locateWebDir(pathToFileURL(join(pkg, 'dist', 'chunk-x.js')).href)).toBe(join(pkg, 'web'));
      expect(locateWebDir(pathToFileURL(join(pkg, 'src', 'dashboard', 'web-dir.ts')).href)).toBe(join(pkg, 'web'));
      // A web/ far above the module is somebody else's.
      mkdirSync(join(root, 'web'));
      writeFileSync(join(root, 'web', 'index.html'), 'not ours');
      rmSync(join(pkg, 'web'), { recursive: true });
      expect(locateWebDir(pathToFileURL(join(pkg, 'src', 'dashboard', 'web-dir.ts')).href)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
