/**
 * Runs Debian's `/usr/bin/docker-registry` (distribution 2.8) on a loopback port with a generated config:
 * filesystem storage, deletes enabled, no auth of its own (the front does it), notifications to
 * `notificationUrl` when given. The caller owns the process and stops it with `stop()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const DISTRIBUTION_BINARY = process.env.SCOUT_ACR_REGISTRY_BINARY ?? '/usr/bin/docker-registry';

export interface DistributionOptions {
  storageDir: string;
  /** Where the config file goes. */
  workDir: string;
  notificationUrl?: string | undefined;
  /** Directory of extra CA certificates (PEM `*.crt`) the registry trusts for notification HTTPS. */
  caDir?: string | undefined;
}

export interface Distribution {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A free loopback TCP port (bound and released; the registry takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function config(port: number, options: DistributionOptions): Record<string, unknown> {
  return {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true }, formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: options.storageDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false }, readonly: { enabled: false } },
      redirect: { disable: true },
    },
    http: {
      addr: `127.0.0.1:${port}`,
      secret: randomBytes(16).toString('hex'),
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    },
    ...(options.notificationUrl
      ? {
          notifications: {
            events: { includereferences: true },
            endpoints: [
              {
                name: 'scout-acr-harness',
                url: options.notificationUrl,
                timeout: '5s',
                threshold: 3,
                backoff: '500ms',
                ignoredmediatypes: ['application/octet-stream'],
              },
            ],
          },
        }
      : {}),
  };
}

export async function startDistribution(options: DistributionOptions): Promise<Distribution> {
  await mkdir(options.storageDir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const configPath = join(options.workDir, 'config.yml');
    await writeFile(configPath, stringify(config(port, options)));
    const env: NodeJS.ProcessEnv = { ...process.env, OTEL_TRACES_EXPORTER: 'none' };
    // Go reads every file of each SSL_CERT_DIR entry: the system store plus the test CA.
    if (options.caDir) env.SSL_CERT_DIR = ['/etc/ssl/certs', options.caDir].join(':');
    const child = spawn(DISTRIBUTION_BINARY, ['serve', configPath], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(url, child);
      return { url, port, process: child, stop: () => stopProcess(child) };
    } catch (error) {
      await stopProcess(child);
      lastError = new Error(`docker-registry did not start: ${String(error)}\n${stderr}`);
    }
  }
  throw lastError;
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for /v2/');
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the process has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
