/**
 * One half of the bench's world, in a process of its own (see ./world.ts): `emulator` (the ARM emulator, seeded
 * with the registries) or `server` (a scout-acr server). They are remote services for the reconciler, as in
 * production, and each other's CPU does not slow the other down. Role in argv[2], options as JSON in argv[3];
 * prints one `BENCH_WORLD_READY <json>` line when serving, and shuts down on SIGTERM or when its stdin closes (the
 * parent died).
 *
 * What is stubbed and why: the emulator's registries have no `/v2/` endpoint, so the server's registry side is
 * replaced:
 * - `tester`: every connection test answers CONNECTED (a real test needs a live registry behind each token);
 * - `gateways`: every registry's catalog (`GET /v2/_catalog`, which the server calls to list repositories)
 *   returns the same N names `app/r00`…; the image calls throw, and no job worker runs (`worker: false`),
 *   so activations are recorded but no image is fetched;
 * - `analyzer: false`: nothing to analyze.
 * Everything else (SQLite store, API, inventories, lease, Event Grid handshake on subscription create) is real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@scout-acr/sdk';
import { createApiKey, startScoutServer } from '@scout-acr/server';
import { startArmEmulator } from '@scout-acr/test/harness';
import { type BenchWorldOptions, type EmulatorReady, READY_MARKER, type ServerReady } from './world.js';

const unsupported = (what: string) => async (): Promise<never> => {
  throw new Error(`bench gateway: ${what} is not available (no registry behind the emulator)`);
};

const role = process.argv[2];
const options = JSON.parse(process.argv[3] ?? '{}') as BenchWorldOptions;
const closers: Array<() => Promise<unknown>> = [];
let closing: Promise<void> | undefined;
const close = () => {
  closing ??= (async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
    process.exit(0);
  })();
  return closing;
};
process.once('SIGTERM', () => void close());
process.stdin.on('close', () => void close());
process.stdin.resume();

async function startEmulator(): Promise<EmulatorReady> {
  const emulator = await startArmEmulator({ latencyMs: options.latencyMs });
  closers.push(() => emulator.close());
  const registries: EmulatorReady['registries'] = [];
  for (let g = 0; g < options.resourceGroups; g++) emulator.state.ensureResourceGroup(`rg-bench-${g}`);
  for (let i = 0; i < options.registries; i++) {
    const resourceGroup = `rg-bench-${i % options.resourceGroups}`;
    const name = `benchreg${String(i).padStart(4, '0')}`;
    emulator.state.createRegistry({ resourceGroup, name });
    registries.push({ resourceGroup, name });
  }
  return { emulatorUrl: emulator.url, subscriptionId: emulator.subscriptionId, registries };
}

async function startServer(): Promise<ServerReady> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scout-acr-bench-reconcile-'));
  closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const catalog = Array.from(
    { length: options.repositoriesPerRegistry },
    (_, i) => `app/r${String(i).padStart(2, '0')}`,
  );
  const server = await startScoutServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ name: 'scout-acr-server', level: 'error' }),
    tester: { test: async () => ({ status: 'CONNECTED', failure: null, reason: null }) },
    gateways: () => ({
      checkAccess: async () => {},
      catalog: async () => [...catalog],
      newestTag: unsupported('newestTag'),
      manifest: unsupported('manifest'),
      blobJson: unsupported('blobJson'),
      blobStream: unsupported('blobStream'),
    }),
    analyzer: false,
    worker: false,
    vulnDbPollMs: 0,
  });
  closers.push(() => server.close(2_000));
  const { key } = await createApiKey(server.context.store, { org: 'bench', role: 'admin', name: 'bench' });
  return { serverUrl: server.url, apiKey: key };
}

try {
  if (role !== 'emulator' && role !== 'server') throw new Error(`unknown role "${role}" (emulator or server)`);
  const ready = role === 'emulator' ? await startEmulator() : await startServer();
  process.stdout.write(`${READY_MARKER}${JSON.stringify(ready)}\n`);
} catch (error) {
  process.stderr.write(
    `bench world (${role}) failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  await close();
}
