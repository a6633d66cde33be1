/**
 * bench/reconcile: what a reconcile costs at scale. One run, against the ARM emulator with a fixed latency per
 * ARM call and a real scout-acr server, both in a process of their own (see ./world-process.ts for what is
 * stubbed and why), for R registries × N repositories in G resource groups, through the library
 * (`reconcileOnce` over `SdkAzurePort`/`SdkServerPort`, the code the CLI runs):
 * - the first `apply` from scratch: wall time, ARM and server calls;
 * - a no-op reconcile right after: its calls beside (a) the minimum the APIs allow and (b) what a per-resource
 *   GET refresh would make, and its wall time beside the critical-path estimate (ARM calls ÷ concurrency ×
 *   latency). Goals (issue 6): no-op calls equal to the minimum; wall time within 1.5× the estimate.
 * Figures only, no assertions.
 *
 *   pnpm bench reconcile
 *   BENCH_RECONCILE_REGISTRIES=200 BENCH_RECONCILE_REPOSITORIES=50 BENCH_RECONCILE_GROUPS=4
 *   BENCH_RECONCILE_LATENCY_MS=20 BENCH_RECONCILE_CONCURRENCY=8 (the CLI's default --concurrency)
 *   BENCH_RECONCILE_POLL_MS=<LRO poll interval without Retry-After; default: the reconciler's, as the CLI uses>
 *   BENCH_RECONCILE_REGISTRY_CONCURRENCY=<registries applied at once; default: the library's (all)>
 *   BENCH_RECONCILE_CPU_PROF=<dir: a CPU profile of the reconciler process for each measured run, and only it
 *   (first-apply.cpuprofile, noop-1.cpuprofile…); `node --cpu-prof` would also take in start-up and seeding>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_POLL_INTERVAL_MS,
  desiredStateFromConfig,
  hasChanges,
  type ReconcilePorts,
  ResolvedConfigSchema,
  reconcileOnce,
  SdkAzurePort,
  SdkServerPort,
  StaticTokenCredential,
  summarize,
} from '@scout-acr/reconciler';
import { ScoutClient } from '@scout-acr/sdk/client';
import { rerunWithTestCa } from './with-test-ca.js';
import { type BenchWorld, startBenchWorld } from './world.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const R = num('BENCH_RECONCILE_REGISTRIES', 200);
const N = num('BENCH_RECONCILE_REPOSITORIES', 50);
const G = num('BENCH_RECONCILE_GROUPS', 4);
const LATENCY = num('BENCH_RECONCILE_LATENCY_MS', 20);
const CONCURRENCY = num('BENCH_RECONCILE_CONCURRENCY', 8);
const POLL_MS = process.env.BENCH_RECONCILE_POLL_MS ? Number(process.env.BENCH_RECONCILE_POLL_MS) : undefined;
const REGISTRY_CONCURRENCY = process.env.BENCH_RECONCILE_REGISTRY_CONCURRENCY
  ? Number(process.env.BENCH_RECONCILE_REGISTRY_CONCURRENCY)
  : undefined;
const CPU_PROF_DIR = process.env.BENCH_RECONCILE_CPU_PROF || undefined;

await rerunWithTestCa();

/** Server calls as the reconciler's ScoutClient makes them, by `METHOD /path` with ids folded, and their time. */
const serverCalls: Array<{ route: string; ms: number }> = [];
const countingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const route = `${method} ${url.pathname.replace(/(\/inventories)\/[^/]+/, '$1/{address}').replace(/(\/integrations)\/[^/]+/, '$1/{id}')}`;
  const started = performance.now();
  try {
    return await fetch(input, init);
  } finally {
    serverCalls.push({ route, ms: performance.now() - started });
  }
};

function portsFor(world: BenchWorld): ReconcilePorts {
  const client = new ScoutClient({ baseUrl: world.serverUrl, apiKey: world.apiKey, fetch: countingFetch });
  const server = new SdkServerPort(client, { concurrency: CONCURRENCY });
  return {
    azure: new SdkAzurePort({
      endpoint: world.emulatorUrl,
      credential: new StaticTokenCredential('bench'),
      concurrency: CONCURRENCY,
      ...(POLL_MS === undefined ? {} : { pollIntervalMs: POLL_MS }),
    }),
    server,
    lease: server.lease('reconciler'),
  };
}

interface Measured {
  wallMs: number;
  /** CPU time of this process (client, emulator and server all run in it) during the run. */
  cpuMs: number;
  /** Share of the wall time the reconciler's event loop was busy (or runnable but not given a CPU). */
  loopBusy: number;
  arm: number;
  armByOperation: Map<string, number>;
  /** Mean time each operation spent in the emulator (latency included): more than the latency = a busy world. */
  armMeanMs: Map<string, number>;
  /** Σ time the ARM requests spent in the emulator ÷ concurrency: the estimate with the world's real speed. */
  armBusyEstimateMs: number;
  /** Most ARM requests the emulator was serving at once (must never exceed the concurrency). */
  armPeak: number;
  timeline: { beforeMs: number; afterMs: number; slotsBusy: number };
  /** CPU the emulator's and the server's processes used during the run (they share the machine's cores). */
  emulatorCpuMs: number;
  serverCpuMs: number;
  server: number;
  serverByRoute: Map<string, number>;
  /** Mean time to the response headers of each route, as the reconciler saw it. */
  serverMeanMs: Map<string, number>;
  changes: boolean;
  summary: string;
  failed: number;
  failures: string[];
}

const tally = (keys: string[]) => {
  const map = new Map<string, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return new Map([...map].sort((a, b) => b[1] - a[1]));
};

const opName = (r: { operationId?: string | undefined; method: string }) => r.operationId ?? `(LRO poll) ${r.method}`;

function meanBy<T>(items: T[], key: (item: T) => string, value: (item: T) => number): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const item of items) {
    const entry = sums.get(key(item)) ?? { total: 0, count: 0 };
    entry.total += value(item);
    entry.count += 1;
    sums.set(key(item), entry);
  }
  return new Map([...sums].map(([k, { total, count }]) => [k, total / count]));
}

/**
 * Where a run's wall time went around its ARM calls: ms before the first call started, ms after the last one
 * answered, and how full the request slots were in between (Σ call time ÷ (concurrency × that span)).
 */
function armTimeline(requests: Array<{ startedAt: number; durationMs: number }>, startEpoch: number, wallMs: number) {
  if (requests.length === 0) return { beforeMs: wallMs, afterMs: 0, slotsBusy: 0 };
  const first = Math.min(...requests.map((r) => r.startedAt));
  const last = Math.max(...requests.map((r) => r.startedAt + r.durationMs));
  const busy = requests.reduce((total, r) => total + r.durationMs, 0);
  return {
    beforeMs: first - startEpoch,
    afterMs: startEpoch + wallMs - last,
    slotsBusy: busy / (CONCURRENCY * Math.max(1, last - first)),
  };
}

/** Most intervals [startedAt, startedAt + durationMs) open at once (ms resolution: touching ones do not overlap). */
function peakInFlight(requests: Array<{ startedAt: number; durationMs: number }>): number {
  const edges = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.startedAt + r.durationMs, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let peak = 0;
  for (const edge of edges) {
    open += edge.delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** Profiles `fn` with the inspector into `<CPU_PROF_DIR>/<label>.cpuprofile` when asked to; else just runs it. */
async function profiled<T>(label: string, fn: () => Promise<T>): Promise<T> {
  if (!CPU_PROF_DIR) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(CPU_PROF_DIR, { recursive: true });
    writeFileSync(join(CPU_PROF_DIR, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function measure(
  world: BenchWorld,
  label: string,
  run: () => ReturnType<typeof reconcileOnce>,
): Promise<Measured> {
  await world.resetArmRequests();
  serverCalls.length = 0;
  const world0 = world.cpuMs();
  const startEpoch = Date.now();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const { plan, result } = await profiled(label, run);
  const loopBusy = performance.eventLoopUtilization(loop).utilization;
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const world1 = world.cpuMs();
  const arm = await world.armRequests();
  const s = summarize(plan.registries.flatMap((r) => r.actions));
  return {
    wallMs,
    cpuMs,
    loopBusy,
    arm: arm.length,
    armByOperation: tally(arm.map(opName)),
    armMeanMs: meanBy(arm, opName, (r) => r.durationMs),
    armBusyEstimateMs: arm.reduce((total, r) => total + r.durationMs, 0) / CONCURRENCY,
    armPeak: peakInFlight(arm),
    timeline: armTimeline(arm, startEpoch, wallMs),
    emulatorCpuMs: world1.emulator - world0.emulator,
    serverCpuMs: world1.server - world0.server,
    server: serverCalls.length,
    serverByRoute: tally(serverCalls.map((c) => c.route)),
    serverMeanMs: meanBy(
      serverCalls,
      (c) => c.route,
      (c) => c.ms,
    ),
    changes: hasChanges(plan),
    summary: `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`,
    failed: result.failed.length,
    failures: result.failed.slice(0, 3).map((f) => `${f.registry}: ${f.error.message}`),
  };
}

const world = await startBenchWorld({
  registries: R,
  repositoriesPerRegistry: N,
  resourceGroups: G,
  latencyMs: LATENCY,
});
try {
  const config = ResolvedConfigSchema.parse({
    version: 1,
    server: { url: world.serverUrl, apiKey: world.apiKey },
    azure: { endpoint: world.emulatorUrl },
    registries: world.registries.map((r) => ({
      subscriptionId: world.subscriptionId,
      resourceGroup: r.resourceGroup,
      name: r.name,
      repositories: ['**'],
    })),
  });
  const desired = desiredStateFromConfig(config);
  const ports = portsFor(world);
  const options = {
    concurrency: CONCURRENCY,
    waitForLeaseMs: 0,
    ...(REGISTRY_CONCURRENCY === undefined ? {} : { registryConcurrency: REGISTRY_CONCURRENCY }),
  };

  process.stderr.write(`first apply: ${R} registries × ${N} repositories in ${G} resource groups…\n`);
  const first = await measure(world, 'first-apply', () => reconcileOnce(desired, ports, options));
  // A first apply that could not converge in one pass (see the step failures) gets a second pass, measured and
  // printed too, so that the no-op below starts from a converged state.
  let second: Measured | undefined;
  if (first.failed > 0) {
    process.stderr.write(`second apply (${first.failed} steps failed in the first)…\n`);
    second = await measure(world, 'second-apply', () => reconcileOnce(desired, ports, options));
  }
  process.stderr.write('no-op reconcile…\n');
  // Three no-op runs; the median is printed (wall time is noisy on a shared machine), the fastest beside it.
  const noops: Measured[] = [];
  for (let i = 0; i < 3; i++)
    noops.push(await measure(world, `noop-${i + 1}`, () => reconcileOnce(desired, ports, options)));
  noops.sort((a, b) => a.wallMs - b.wallMs);
  const noop = noops[1] as Measured;
  const fastest = noops[0] as Measured;

  const topics = R; // after the first apply every registry has its system topic
  const minArm = 2 * G + R + topics;
  const leaseCalls = [...noop.serverByRoute].filter(([route]) => /lease/i.test(route)).reduce((n, [, c]) => n + c, 0);
  const minServer = 2 + R;
  const refreshArm = 6 * R;
  const refreshServer = R + R * N;
  const estimate = (calls: number) => Math.ceil(calls / CONCURRENCY) * LATENCY;

  const line = (label: string, ...cells: Array<string | number>) =>
    `${label.padEnd(40)}${cells.map((c) => String(c).padStart(14)).join('')}`;
  const meanMs = (m: Measured, op: string) => ` (mean ${m.armMeanMs.get(op)?.toFixed(0)} ms in the emulator)`;
  const serverMs = (m: Measured, route: string) => ` (mean ${m.serverMeanMs.get(route)?.toFixed(0)} ms)`;
  const row = (label: string, m: Measured) =>
    line(
      label,
      m.arm,
      m.server,
      m.wallMs.toFixed(0),
      m.cpuMs.toFixed(0),
      `${(100 * m.loopBusy).toFixed(0)} %`,
      estimate(m.arm),
      (m.wallMs / estimate(m.arm)).toFixed(2),
      (m.wallMs / m.armBusyEstimateMs).toFixed(2),
    );
  const out = [
    '',
    `bench/reconcile: ${R} registries × ${N} repositories, ${G} resource groups, ARM latency ${LATENCY} ms/call, concurrency ${CONCURRENCY}, LRO poll ${POLL_MS ?? `${DEFAULT_POLL_INTERVAL_MS} (default)`} ms, registries at once ${REGISTRY_CONCURRENCY ?? 'all (default)'}`,
    `machine load average at the end (1 min): ${loadavg()[0]?.toFixed(1)} — wall times are only as good as an idle machine`,
    '',
    line(
      '',
      'ARM calls',
      'server calls',
      'wall ms',
      'CPU ms',
      'loop busy',
      'estimate ms',
      'wall/estimate',
      'wall/busy est',
    ),
    row(`first apply (${first.summary})`.slice(0, 39), first),
    ...(second ? [row(`second apply (${second.summary})`.slice(0, 39), second)] : []),
    row(`no-op, median of 3 (changes: ${noop.changes})`, noop),
    row('  fastest of the 3 no-ops', fastest),
    line('  minimum the APIs allow', minArm, minServer, '', '', '', estimate(minArm), ''),
    line('  per-resource GET refresh', refreshArm, refreshServer, '', '', '', estimate(refreshArm), ''),
    '',
    `minimum ARM    = 2 lists × ${G} resource groups (registries, system topics) + ${R} token lists + ${topics} subscription lists = ${minArm}`,
    `minimum server = 1 integrations list + 1 inventories list + ${R} repository lists = ${minServer}` +
      ` (the reconcile also takes and releases its lease: ${leaseCalls} more)`,
    `GET refresh    = ARM 6 × ${R} (registry, token, scope map, topic, subscription, getFullUrl);` +
      ` server ${R} integration GETs + ${R} × ${N} repository GETs`,
    'estimate       = ceil(ARM calls ÷ concurrency) × latency (server calls are loopback, ~0)',
    'busy est.      = Σ time the ARM calls spent in the emulator ÷ concurrency: the estimate at the speed the' +
      ' emulator really answered (slower than its latency when the machine is busy); wall/busy est. near 1 = the' +
      ' reconciler kept every request slot busy',
    "loop busy      = share of the wall time the reconciler's event loop was busy (or runnable and waiting for a" +
      ' CPU): near 100 % = the reconciler process, not ARM or its scheduling, set the pace',
    "CPU ms         = the reconciler process's CPU time during the run (emulator and server run in another" +
      ' process); near the wall time = the reconciler was CPU-bound, not waiting on ARM',
    `ARM requests in flight at most (as the emulator saw them): first apply ${first.armPeak}, no-op ${noop.armPeak}` +
      ` (concurrency ${CONCURRENCY})`,
    ...[['first apply', first] as const, ['no-op (median)', noop] as const].map(
      ([label, m]) =>
        `${label}: first ARM call ${m.timeline.beforeMs.toFixed(0)} ms after the start, last answer ` +
        `${m.timeline.afterMs.toFixed(0)} ms before the end; between them the ${CONCURRENCY} request slots were ` +
        `${(100 * m.timeline.slotsBusy).toFixed(0)} % busy; CPU ms reconciler ${m.cpuMs.toFixed(0)} + emulator ` +
        `${m.emulatorCpuMs.toFixed(0)} + server ${m.serverCpuMs.toFixed(0)} in ${m.wallMs.toFixed(0)} ms on ` +
        `${availableParallelism()} cores`,
    ),
    `step failures: first apply ${first.failed}, second apply ${second?.failed ?? '-'}, no-op ${noop.failed}`,
    ...[...first.failures, ...(second?.failures ?? []), ...noop.failures].map((f) => `  ${f.slice(0, 300)}`),
    '',
    'no-op ARM calls by operation:',
    ...[...noop.armByOperation].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}${meanMs(noop, k)}`),
    'no-op server calls by route:',
    ...[...noop.serverByRoute].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}${serverMs(noop, k)}`),
    'first-apply ARM calls by operation:',
    ...[...first.armByOperation].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}${meanMs(first, k)}`),
    'first-apply server calls by route:',
    ...[...first.serverByRoute].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}${serverMs(first, k)}`),
    '',
  ];
  process.stdout.write(out.join('\n'));
} finally {
  await world.close();
}
