/** The test PKI: a reusable CA and server certificates that Node's TLS accepts for loopback names. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTestCa, issueServerCert } from '../../harness/tls/index.js';

describe('test TLS', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('creates a CA once, reuses it, and issues server certificates with IP and DNS SANs', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ca-test-'));
    dirs.push(base);
    const dir = join(base, 'ca');
    const ca = await ensureTestCa(dir);
    expect((await ensureTestCa(dir)).certPem).toBe(ca.certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);
    const server = await issueServerCert(ca, ['127.0.0.1', 'registry.test']);
    const cert = new X509Certificate(server.certPem);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:registry.test');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
