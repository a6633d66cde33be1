import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/** A scriptable HTTP registry for client behaviour the real registry cannot be made to show (429, 5xx, stalls). */
export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  private server!: Server;
  url = '';

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.url);
      this.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        authorization: req.headers.authorization,
      });
      const route = this.routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
        return;
      }
      Promise.resolve(route.handler(req, res, url)).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function digestOf(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A token realm on `server` that accepts `user:pass` and counts its calls. */
export function bearerAuth(
  server: FakeServer,
  user: string,
  pass: string,
): { tokenRequests: () => number; token: string } {
  const token = 'tok-0123456789abcdef';
  let count = 0;
  server.on('GET', /^\/token$/, (req, res) => {
    count++;
    const expected = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
      return;
    }
    json(res, 200, { access_token: token, expires_in: 300 });
  });
  return { tokenRequests: () => count, token };
}

/** True when the request carries the bearer token, else answers the challenge. */
export function requireBearer(
  req: IncomingMessage,
  res: ServerResponse,
  server: FakeServer,
  token: string,
  scope: string,
): boolean {
  if (req.headers.authorization === `Bearer ${token}`) return true;
  json(
    res,
    401,
    { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    {
      'www-authenticate': `Bearer realm="${server.url}/token",service="fake",scope="${scope}"`,
    },
  );
  return false;
}
