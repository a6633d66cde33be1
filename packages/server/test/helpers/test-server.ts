import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDACTED_LOG_PATHS } from '@scout-acr/sdk';
import { ScoutClient } from '@scout-acr/sdk/client';
import { pino } from 'pino';
import { createApiKey, type ScoutServerOptions, SqliteStore, startScoutServer } from '../../src/index.js';
import { FakeRegistry } from './fake-registry.js';

export interface TestServer {
  url: string;
  dataDir: string;
  registry: FakeRegistry;
  keys: { adminA: string; viewerA: string; adminB: string };
  client(key: string): ScoutClient;
  server: Awaited<ReturnType<typeof startScoutServer>>;
  /** Every log line the server wrote (JSON), for secret-leak searches. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts a real server on a random loopback port with a temp data dir, a fake registry and three keys. */
export async function startTestServer(options: Partial<ScoutServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scout-acr-server-test-'));
  const store = new SqliteStore(join(dataDir, 'scout-acr.db'));
  const adminA = (await createApiKey(store, { org: 'org-a', role: 'admin' })).key;
  const viewerA = (await createApiKey(store, { org: 'org-a', role: 'viewer' })).key;
  const adminB = (await createApiKey(store, { org: 'org-b', role: 'admin' })).key;
  await store.close();
  const registry = new FakeRegistry();
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug', redact: { paths: REDACTED_LOG_PATHS, censor: '(sensitive)' } },
    { write: (line: string) => logs.push(line) },
  );
  const server = await startScoutServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    gateways: registry.factory(),
    // The fake registry serves no layer bytes: these suites test recording; analysis has its own suites.
    analyzer: false,
    logger,
    worker: { concurrency: 2, pollMs: 20, backoffBaseMs: 10, backoffMaxMs: 50, leaseMs: 5_000 },
    ...options,
  });
  return {
    url: server.url,
    dataDir,
    registry,
    keys: { adminA, viewerA, adminB },
    server,
    logs,
    client: (key: string) => new ScoutClient({ baseUrl: server.url, apiKey: key, retry: { maxRetries: 0 } }),
    async close() {
      await server.close(2_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), failing after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
