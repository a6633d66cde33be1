import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScoutServerOptions } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

export const INDEX_HTML =
  '<!doctype html><title>scout-acr test page</title><script type="module" src="/assets/app.js"></script>';

export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * A web directory like the UI's: `index.html` and `assets/` (scripts, CSS, SVG, a nested module), plus files
 * that must never be served (beside `assets/`, outside the web directory, and reached through a symlink).
 */
export function makeWebDir(): { root: string; webDir: string; close(): void } {
  const root = mkdtempSync(join(tmpdir(), 'scout-acr-web-'));
  const webDir = join(root, 'web');
  mkdirSync(join(webDir, 'assets', 'lib'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(webDir, 'assets', 'app.js'), 'import "./lib/deep.js";\nexport const app = 1;\n');
  writeFileSync(join(webDir, 'assets', 'lib', 'deep.js'), 'export const deep = 2;\n');
  writeFileSync(join(webDir, 'assets', 'style.css'), 'body { color: #111; }\n');
  writeFileSync(join(webDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  writeFileSync(join(webDir, 'assets', 'blob.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(join(webDir, 'secret.txt'), 'BESIDE-ASSETS-SECRET');
  writeFileSync(join(root, 'outside.txt'), 'OUTSIDE-WEB-SECRET');
  symlinkSync(join(root, 'outside.txt'), join(webDir, 'assets', 'link.txt'));
  return { root, webDir, close: () => rmSync(root, { recursive: true, force: true }) };
}

export interface DashboardTestServer extends TestServer {
  webDir: string;
}

export async function startDashboardServer(
  options: Partial<ScoutServerOptions> & { dashboard?: Record<string, unknown> } = {},
): Promise<DashboardTestServer> {
  const web = makeWebDir();
  const t = await startTestServer({ ...options, dashboard: { webDir: web.webDir, ...options.dashboard } });
  return {
    ...t,
    webDir: web.webDir,
    async close() {
      await t.close();
      web.close();
    },
  };
}

export interface SignIn {
  status: number;
  body: unknown;
  /** The raw `Set-Cookie` header. */
  setCookie: string;
  /** `scout_acr_session=<token>`, ready for a `Cookie` header. */
  cookie: string;
  token: string;
}

export async function signIn(url: string, apiKey: string, headers: Record<string, string> = {}): Promise<SignIn> {
  const res = await fetch(`${url}/dashboard/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ apiKey }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const token = /^scout_acr_session=([^;]*)/.exec(setCookie)?.[1] ?? '';
  return { status: res.status, body: await res.json(), setCookie, cookie: `scout_acr_session=${token}`, token };
}

/** A request whose path goes out exactly as written (fetch would resolve `..` and `%2e%2e` first). */
export function rawRequest(
  url: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
