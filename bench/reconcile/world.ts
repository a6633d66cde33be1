/**
 * Starts the bench's world (ARM emulator seeded with many registries, a real scout-acr server; see
 * ./world-process.ts for what is stubbed), each in a child process of its own, and talks to them as the
 * reconciler would: over HTTPS/HTTP. ARM calls are counted from the emulator's recording, read through its
 * `/_emulator/` control routes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchWorldOptions {
  registries: number;
  repositoriesPerRegistry: number;
  resourceGroups: number;
  latencyMs: number;
}

export interface EmulatorReady {
  emulatorUrl: string;
  subscriptionId: string;
  /** `{ resourceGroup, name }` of every seeded registry. */
  registries: Array<{ resourceGroup: string; name: string }>;
}

export interface ServerReady {
  serverUrl: string;
  apiKey: string;
}

export type BenchWorldReady = EmulatorReady & ServerReady;

export const READY_MARKER = 'BENCH_WORLD_READY ';

export interface BenchWorld extends BenchWorldReady {
  /**
   * `operationId` (undefined for LRO polls), method and time in the emulator (its injected latency included) of
   * every ARM request since the last reset.
   */
  armRequests(): Promise<
    Array<{ operationId?: string | undefined; method: string; startedAt: number; durationMs: number }>
  >;
  resetArmRequests(): Promise<void>;
  /** CPU ms (user + system) each part's process has used so far (Linux /proc; NaN elsewhere). */
  cpuMs(): { emulator: number; server: number };
  close(): Promise<void>;
}

function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks
  } catch {
    return Number.NaN;
  }
}

const script = fileURLToPath(new URL('./world-process.ts', import.meta.url));

export async function startBenchWorld(options: BenchWorldOptions): Promise<BenchWorld> {
  const emulator = spawnPart('emulator', options);
  const server = spawnPart('server', options);
  const stop = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  let ready: BenchWorldReady;
  try {
    const [e, s] = await Promise.all([readReady<EmulatorReady>(emulator), readReady<ServerReady>(server)]);
    ready = { ...e, ...s };
  } catch (error) {
    await Promise.all([stop(emulator), stop(server)]);
    throw error;
  }
  const control = (path: string, init?: RequestInit) => fetch(`${ready.emulatorUrl}/_emulator/${path}`, init);
  return {
    ...ready,
    armRequests: async () => {
      const response = await control('requests');
      if (!response.ok) throw new Error(`bench world: GET /_emulator/requests answered ${response.status}`);
      const exchanges = (await response.json()) as Array<{
        operationId?: string;
        request: { method: string };
        startedAt: number;
        durationMs: number;
      }>;
      return exchanges.map((e) => ({
        operationId: e.operationId,
        method: e.request.method,
        startedAt: e.startedAt,
        durationMs: e.durationMs,
      }));
    },
    resetArmRequests: async () => {
      const response = await control('requests', { method: 'DELETE' });
      if (!response.ok) throw new Error(`bench world: DELETE /_emulator/requests answered ${response.status}`);
    },
    cpuMs: () => ({ emulator: processCpuMs(emulator.pid), server: processCpuMs(server.pid) }),
    close: async () => {
      await Promise.all([stop(emulator), stop(server)]);
    },
  };
}

function spawnPart(role: 'emulator' | 'server', options: BenchWorldOptions): ChildProcess {
  // Same loader flags as this process (tsx, source conditions); a CPU profile of the world only when asked for
  // (BENCH_RECONCILE_PROFILE_WORLD=1 beside --cpu-prof).
  const execArgv = process.env.BENCH_RECONCILE_PROFILE_WORLD
    ? process.execArgv
    : process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  return spawn(process.execPath, [...execArgv, script, role, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
}

function readReady<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith(READY_MARKER)) resolve(JSON.parse(line.slice(READY_MARKER.length)) as T);
    });
    child.once('exit', (code) => reject(new Error(`bench world part exited (code ${code}) before it was ready`)));
    child.once('error', reject);
  });
}
