/**
 * The authenticating front, in ACR's shape: HTTPS on loopback, `/oauth2/token`, `/v2/` answered with a Bearer
 * challenge, every data-plane request checked against the bearer token's scopes (or Basic credentials, which
 * ACR also accepts) before it is streamed to the registry, and ACR's `/acr/v1/<repo>/_tags`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Access, covers, formatScope, grant } from './auth/access.js';
import { type Identity, parseBasic, refusalMessage } from './auth/identities.js';
import { TokenSigner } from './auth/jwt.js';
import type { BlobStorage } from './blob-storage.js';
import { handleAcrTags } from './routes/acr-tags.js';
import { proxyToRegistry } from './routes/proxy.js';
import { requiredAccess } from './routes/required-access.js';
import { sendErrors } from './routes/respond.js';
import { handleTokenRequest } from './routes/token-endpoint.js';

export interface FrontOptions {
  tls: { certPem: string; keyPem: string };
  registryPort: number;
  storageDir: string;
  tokenTtlSeconds: number;
  /** `bearer` (ACR) or `basic` (a registry that challenges for Basic credentials). */
  challenge: 'bearer' | 'basic';
  now: () => Date;
  authenticate: (credentials: { username: string; password: string }) => Identity;
  /** Whether `/acr/v1/…` exists; without it the front answers like distribution does for unknown paths. */
  acrApi: boolean;
  /** When set, blob GETs are redirected there (as ACR redirects to blob storage). */
  blobStorage?: () => BlobStorage | undefined;
}

export interface Front {
  server: Server;
  port: number;
  /** Set once the port is known: `127.0.0.1:PORT`. */
  loginServer: string;
  close(): Promise<void>;
}

type Decision = { ok: true } | { ok: false; error?: 'invalid_token' | 'insufficient_scope'; message?: string };

export async function startFront(options: FrontOptions): Promise<Front> {
  const signer = new TokenSigner();
  const front = { loginServer: '' } as Front;

  const authorize = (header: string | undefined, required: Access | null): Decision => {
    if (!header) return { ok: false };
    if (header.toLowerCase().startsWith('bearer ')) {
      const claims = signer.verify(header.slice(7).trim(), Math.floor(options.now().getTime() / 1000));
      if (!claims || claims.aud !== front.loginServer) return { ok: false, error: 'invalid_token' };
      if (required === null || covers(claims.access, required)) return { ok: true };
      return { ok: false, error: 'insufficient_scope' };
    }
    const basic = parseBasic(header);
    if (!basic) return { ok: false, error: 'invalid_token' };
    const identity = options.authenticate(basic);
    if (!identity.ok) return { ok: false, message: refusalMessage(identity.reason) };
    if (required === null || covers(grant(identity.actions, [required]), required)) return { ok: true };
    return { ok: false, error: 'insufficient_scope' };
  };

  const challenge = (required: Access | null, error?: string): string => {
    if (options.challenge === 'basic') return `Basic realm="${front.loginServer}"`;
    const parts = [`realm="https://${front.loginServer}/oauth2/token"`, `service="${front.loginServer}"`];
    if (required) parts.push(`scope="${formatScope(required)}"`);
    if (error) parts.push(`error="${error}"`);
    return `Bearer ${parts.join(',')}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `https://${front.loginServer}`);
    if (url.pathname === '/oauth2/token') {
      handleTokenRequest(req, res, url, {
        loginServer: front.loginServer,
        signer,
        tokenTtlSeconds: options.tokenTtlSeconds,
        now: options.now,
        authenticate: options.authenticate,
      });
      return;
    }
    const required = requiredAccess(req.method ?? 'GET', url.pathname);
    if (required === undefined || (!options.acrApi && url.pathname.startsWith('/acr/'))) {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const decision = authorize(req.headers.authorization, required);
    if (!decision.ok) {
      req.resume();
      const detail = required ? [{ Type: required.type, Name: required.name, Action: required.actions.join(',') }] : [];
      sendErrors(
        res,
        401,
        [{ code: 'UNAUTHORIZED', message: decision.message ?? refusalMessage('anonymous'), detail }],
        { 'www-authenticate': challenge(required, decision.error) },
      );
      return;
    }
    if (url.pathname.startsWith('/acr/v1/')) {
      await handleAcrTags(res, url, required?.name ?? '', {
        loginServer: front.loginServer,
        storageDir: options.storageDir,
      });
      return;
    }
    const storage = options.blobStorage?.();
    if (storage && req.method === 'GET' && /^\/v2\/.+\/blobs\/sha256:[a-f0-9]{64}$/.test(url.pathname)) {
      req.resume();
      res.writeHead(307, { location: storage.redirectUrl(url.pathname), 'content-length': 0 });
      res.end();
      return;
    }
    proxyToRegistry(req, res, { port: options.registryPort, path: req.url ?? '/', loginServer: front.loginServer });
  };

  const server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendErrors(res, 500, [{ code: 'UNKNOWN', message: error instanceof Error ? error.message : 'error' }]);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  front.server = server;
  front.port = (server.address() as AddressInfo).port;
  front.loginServer = `127.0.0.1:${front.port}`;
  front.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return front;
}
