/**
 * The test PKI: one CA per checkout (`.sandbox/ca`), and server certificates it issues for loopback services
 * (ARM emulator, registry front, webhooks). Built with the `openssl` CLI so there is no crypto code of our own.
 * Node processes trust the CA through `NODE_EXTRA_CA_CERTS` (set by the vitest global setup).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Root of the repository (this file lives in `test/harness/tls/`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the test CA lives unless told otherwise. */
export const defaultCaDir = join(repoRoot, '.sandbox', 'ca');

export interface TestCa {
  certPem: string;
  keyPem: string;
  /** Absolute path of the CA certificate (PEM), for `NODE_EXTRA_CA_CERTS`, skopeo `--cert-dir`, etc. */
  certPath: string;
}

export interface ServerCert {
  certPem: string;
  keyPem: string;
}

const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

/**
 * Returns the test CA in `dir` (default `.sandbox/ca`), creating it first if absent. Creation happens in a
 * scratch directory that is renamed into place, so concurrent callers never see half-written files.
 */
export async function ensureTestCa(dir: string = defaultCaDir): Promise<TestCa> {
  const certPath = join(dir, CA_CERT);
  const keyPath = join(dir, CA_KEY);
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    await mkdir(dirname(dir), { recursive: true });
    const scratch = await mkdtemp(join(dirname(dir), '.ca-'));
    try {
      await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', CA_KEY], scratch);
      await openssl(
        [
          'req',
          '-x509',
          '-new',
          '-key',
          CA_KEY,
          '-sha256',
          '-days',
          '3650',
          '-subj',
          '/CN=scout-acr test CA',
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
          '-out',
          CA_CERT,
        ],
        scratch,
      );
      try {
        await rename(scratch, dir);
      } catch (error) {
        // Another process won the race: keep its CA, drop ours.
        if (!existsSync(certPath)) throw error;
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPem, keyPem, certPath };
}

/**
 * Issues a server certificate signed by `ca` for `hosts` (IP addresses become IP SANs, names DNS SANs).
 * `localhost`, `127.0.0.1` and `::1` are always included so loopback clients verify whatever name they use.
 */
export async function issueServerCert(ca: Pick<TestCa, 'certPem' | 'keyPem'>, hosts: string[]): Promise<ServerCert> {
  const all = [...new Set([...hosts, 'localhost', '127.0.0.1', '::1'])];
  const san = all.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  const work = await mkdtemp(join(tmpdir(), 'scout-acr-cert-'));
  try {
    await writeFile(join(work, CA_CERT), ca.certPem);
    await writeFile(join(work, CA_KEY), ca.keyPem, { mode: 0o600 });
    await writeFile(
      join(work, 'ext.cnf'),
      `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
    );
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], work);
    await openssl(['req', '-new', '-key', 'server.key', '-subj', `/CN=${all[0]}`, '-out', 'server.csr'], work);
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        CA_CERT,
        '-CAkey',
        CA_KEY,
        '-CAcreateserial',
        '-days',
        '825',
        '-sha256',
        '-extfile',
        'ext.cnf',
        '-out',
        'server.crt',
      ],
      work,
    );
    const [certPem, keyPem] = await Promise.all([
      readFile(join(work, 'server.crt'), 'utf8'),
      readFile(join(work, 'server.key'), 'utf8'),
    ]);
    return { certPem, keyPem };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
