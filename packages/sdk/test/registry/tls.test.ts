import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, RegistryTlsError } from '../../src/registry/index.js';

describe('RegistryClient TLS', () => {
  let server: Server;
  let cert: string;
  let loginServer: string;
  const dir = mkdtempSync(join(tmpdir(), 'sdk-tls-'));

  beforeAll(async () => {
    // A self-signed certificate no trust store knows.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = createServer({ cert, key: readFileSync(join(dir, 'key.pem')) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    loginServer = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports an untrusted certificate as a non-transient RegistryTlsError', async () => {
    const client = new RegistryClient({ loginServer });
    const error = await client.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryTlsError);
    expect(error).toMatchObject({ transient: false, code: 'TlsError' });
    expect((error as RegistryTlsError).tlsCode).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });

  it('trusts a CA given as tlsCa', async () => {
    const client = new RegistryClient({ loginServer, tlsCa: cert });
    await expect(client.ping()).resolves.toBeUndefined();
    await client.close();
  });
});
