/**
 * A stand-in for the blob storage ACR redirects blob downloads to (`*.blob.core.windows.net` with a SAS
 * query): a second HTTPS origin that streams blobs from the registry and records whether a client sent it
 * an Authorization header (it must not: the registry token is not for this origin).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { proxyToRegistry } from './routes/proxy.js';
import { sendErrors } from './routes/respond.js';

export interface BlobStorageRequest {
  path: string;
  hadAuthorization: boolean;
}

export interface BlobStorage {
  /** `https://localhost:PORT`: a different origin from the login server `127.0.0.1:PORT`. */
  origin: string;
  requests: BlobStorageRequest[];
  /** Where to redirect a blob GET of `repository`/`digest`. */
  redirectUrl(path: string): string;
  close(): Promise<void>;
}

export async function startBlobStorage(
  tls: { certPem: string; keyPem: string },
  registryPort: number,
): Promise<BlobStorage> {
  const sig = randomBytes(16).toString('hex');
  const requests: BlobStorageRequest[] = [];
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    requests.push({ path: url.pathname, hadAuthorization: req.headers.authorization !== undefined });
    if (url.searchParams.get('sig') !== sig || !url.pathname.startsWith('/v2/')) {
      sendErrors(res, 403, [{ code: 'AuthenticationFailed', message: 'Signature did not match' }]);
      return;
    }
    proxyToRegistry(req, res, { port: registryPort, path: url.pathname, loginServer: 'localhost' });
  });
  // `localhost` may resolve to ::1 or 127.0.0.1: listen dual-stack when IPv6 exists, else on IPv4.
  await new Promise<void>((resolve, reject) => {
    server.once('error', () => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    server.listen({ port: 0, host: '::', ipv6Only: false }, resolve);
  });
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    redirectUrl: (path) => `${origin}${path}?se=2099-01-01&sp=r&sig=${sig}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
