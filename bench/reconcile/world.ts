/**
 * The bench's world: the ARM emulator (fixed latency per ARM call) seeded with many registries, and a real
 * scout-acr server in-process whose registry side is replaced, because the emulator's registries have no
 * `/v2/` endpoint:
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
import { createApiKey, type ScoutServer, startScoutServer } from '@scout-acr/server';
import { type ArmEmulator, startArmEmulator } from '@scout-acr/test/harness';

export interface BenchWorld {
  emulator: ArmEmulator;
  server: ScoutServer;
  apiKey: string;
  /** `{ resourceGroup, name }` of every seeded registry. */
  registries: Array<{ resourceGroup: string; name: string }>;
  close(): Promise<void>;
}

export interface BenchWorldOptions {
  registries: number;
  repositoriesPerRegistry: number;
  resourceGroups: number;
  latencyMs: number;
}

const unsupported = (what: string) => async (): Promise<never> => {
  throw new Error(`bench gateway: ${what} is not available (no registry behind the emulator)`);
};

export async function startBenchWorld(options: BenchWorldOptions): Promise<BenchWorld> {
  const emulator = await startArmEmulator({ latencyMs: options.latencyMs });
  const dataDir = mkdtempSync(join(tmpdir(), 'scout-acr-bench-reconcile-'));
  const catalog = Array.from(
    { length: options.repositoriesPerRegistry },
    (_, i) => `app/r${String(i).padStart(2, '0')}`,
  );
  let server: ScoutServer | undefined;
  try {
    const registries: BenchWorld['registries'] = [];
    for (let g = 0; g < options.resourceGroups; g++) emulator.state.ensureResourceGroup(`rg-bench-${g}`);
    for (let i = 0; i < options.registries; i++) {
      const resourceGroup = `rg-bench-${i % options.resourceGroups}`;
      const name = `benchreg${String(i).padStart(4, '0')}`;
      emulator.state.createRegistry({ resourceGroup, name });
      registries.push({ resourceGroup, name });
    }
    server = await startScoutServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ name: 'scout-acr-server' }),
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
    const { key } = await createApiKey(server.context.store, { org: 'bench', role: 'admin', name: 'bench' });
    const started = server;
    return {
      emulator,
      server: started,
      apiKey: key,
      registries,
      close: async () => {
        await started.close(2_000).catch(() => {});
        await emulator.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.close(0).catch(() => {});
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
