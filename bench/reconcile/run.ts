/**
 * bench/reconcile: what a reconcile costs at scale. One run, against the ARM emulator with a fixed latency per
 * ARM call and a real scout-acr server in-process (see ./world.ts for what is stubbed and why), for R registries
 * × N repositories in G resource groups, through the library (`reconcileOnce`, the code the CLI runs):
 * - the first `apply` from scratch: wall time, ARM and server calls;
 * - a no-op reconcile right after: its calls beside (a) the minimum the APIs allow and (b) what a per-resource
 *   GET refresh would make, and its wall time beside the critical-path estimate (ARM calls ÷ concurrency ×
 *   latency). Goals (issue 6): no-op calls equal to the minimum; wall time within 1.5× the estimate.
 * Figures only, no assertions.
 *
 *   pnpm bench reconcile
 *   BENCH_RECONCILE_REGISTRIES=200 BENCH_RECONCILE_REPOSITORIES=50 BENCH_RECONCILE_GROUPS=4
 *   BENCH_RECONCILE_LATENCY_MS=20 BENCH_RECONCILE_CONCURRENCY=8 (the CLI's default --concurrency)
 *   BENCH_RECONCILE_POLL_MS=<LRO poll interval; default: the SDK's, as the CLI uses>
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import {
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
import { ensureTestCa } from '@scout-acr/test/harness';
import { type BenchWorld, startBenchWorld } from './world.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const R = num('BENCH_RECONCILE_REGISTRIES', 200);
const N = num('BENCH_RECONCILE_REPOSITORIES', 50);
const G = num('BENCH_RECONCILE_GROUPS', 4);
const LATENCY = num('BENCH_RECONCILE_LATENCY_MS', 20);
const CONCURRENCY = num('BENCH_RECONCILE_CONCURRENCY', 8);
const POLL_MS = process.env.BENCH_RECONCILE_POLL_MS ? Number(process.env.BENCH_RECONCILE_POLL_MS) : undefined;

// The emulator speaks HTTPS with the test CA; Node reads NODE_EXTRA_CA_CERTS only at start, so re-run with it.
if (!process.env.SCOUT_ACR_BENCH_RECONCILE_CHILD) {
  const ca = await ensureTestCa();
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath, SCOUT_ACR_BENCH_RECONCILE_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

/** Server calls as the reconciler's ScoutClient makes them, by `METHOD /path` with ids folded. */
const serverCalls: string[] = [];
const countingFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  serverCalls.push(
    `${method} ${url.pathname.replace(/(\/inventories)\/[^/]+/, '$1/{address}').replace(/(\/integrations)\/[^/]+/, '$1/{id}')}`,
  );
  return fetch(input, init);
};

function portsFor(world: BenchWorld): ReconcilePorts {
  const client = new ScoutClient({ baseUrl: world.server.url, apiKey: world.apiKey, fetch: countingFetch });
  const server = new SdkServerPort(client, { concurrency: CONCURRENCY });
  return {
    azure: new SdkAzurePort({
      endpoint: world.emulator.url,
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
  arm: number;
  armByOperation: Map<string, number>;
  server: number;
  serverByRoute: Map<string, number>;
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

async function measure(world: BenchWorld, run: () => ReturnType<typeof reconcileOnce>): Promise<Measured> {
  world.emulator.resetRequests();
  serverCalls.length = 0;
  const started = performance.now();
  const { plan, result } = await run();
  const wallMs = performance.now() - started;
  const s = summarize(plan.registries.flatMap((r) => r.actions));
  return {
    wallMs,
    arm: world.emulator.requests.length,
    armByOperation: tally(world.emulator.requests.map((r) => r.operationId ?? `(LRO poll) ${r.request.method}`)),
    server: serverCalls.length,
    serverByRoute: tally(serverCalls),
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
    server: { url: world.server.url, apiKey: world.apiKey },
    azure: { endpoint: world.emulator.url },
    registries: world.registries.map((r) => ({
      subscriptionId: world.emulator.subscriptionId,
      resourceGroup: r.resourceGroup,
      name: r.name,
      repositories: ['**'],
    })),
  });
  const desired = desiredStateFromConfig(config);
  const ports = portsFor(world);
  const options = { concurrency: CONCURRENCY, waitForLeaseMs: 0 };

  process.stderr.write(`first apply: ${R} registries × ${N} repositories in ${G} resource groups…\n`);
  const first = await measure(world, () => reconcileOnce(desired, ports, options));
  // A first apply that could not converge in one pass (see the step failures) gets a second pass, measured and
  // printed too, so that the no-op below starts from a converged state.
  let second: Measured | undefined;
  if (first.failed > 0) {
    process.stderr.write(`second apply (${first.failed} steps failed in the first)…\n`);
    second = await measure(world, () => reconcileOnce(desired, ports, options));
  }
  process.stderr.write('no-op reconcile…\n');
  // Three no-op runs; the median is printed (wall time is noisy on a shared machine), the fastest beside it.
  const noops: Measured[] = [];
  for (let i = 0; i < 3; i++) noops.push(await measure(world, () => reconcileOnce(desired, ports, options)));
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
  const out = [
    '',
    `bench/reconcile: ${R} registries × ${N} repositories, ${G} resource groups, ARM latency ${LATENCY} ms/call, concurrency ${CONCURRENCY}, LRO poll ${POLL_MS ?? 'SDK default'} ms`,
    `machine load average at the end (1 min): ${loadavg()[0]?.toFixed(1)} — wall times are only as good as an idle machine`,
    '',
    line('', 'ARM calls', 'server calls', 'wall ms', 'estimate ms', 'wall/estimate'),
    line(
      `first apply (${first.summary})`.slice(0, 39),
      first.arm,
      first.server,
      first.wallMs.toFixed(0),
      estimate(first.arm),
      (first.wallMs / estimate(first.arm)).toFixed(2),
    ),
    ...(second
      ? [
          line(
            `second apply (${second.summary})`.slice(0, 39),
            second.arm,
            second.server,
            second.wallMs.toFixed(0),
            estimate(second.arm),
            (second.wallMs / estimate(second.arm)).toFixed(2),
          ),
        ]
      : []),
    line(
      `no-op, median of 3 (changes: ${noop.changes})`,
      noop.arm,
      noop.server,
      noop.wallMs.toFixed(0),
      estimate(noop.arm),
      (noop.wallMs / estimate(noop.arm)).toFixed(2),
    ),
    line(
      '  fastest of the 3 no-ops',
      fastest.arm,
      fastest.server,
      fastest.wallMs.toFixed(0),
      estimate(fastest.arm),
      (fastest.wallMs / estimate(fastest.arm)).toFixed(2),
    ),
    line('  minimum the APIs allow', minArm, minServer, '', estimate(minArm), ''),
    line('  per-resource GET refresh', refreshArm, refreshServer, '', estimate(refreshArm), ''),
    '',
    `minimum ARM    = 2 lists × ${G} resource groups (registries, system topics) + ${R} token lists + ${topics} subscription lists = ${minArm}`,
    `minimum server = 1 integrations list + 1 inventories list + ${R} repository lists = ${minServer}` +
      ` (the reconcile also takes and releases its lease: ${leaseCalls} more)`,
    `GET refresh    = ARM 6 × ${R} (registry, token, scope map, topic, subscription, getFullUrl);` +
      ` server ${R} integration GETs + ${R} × ${N} repository GETs`,
    'estimate       = ceil(ARM calls ÷ concurrency) × latency (server calls are loopback, ~0)',
    `step failures: first apply ${first.failed}, second apply ${second?.failed ?? '-'}, no-op ${noop.failed}`,
    ...[...first.failures, ...(second?.failures ?? []), ...noop.failures].map((f) => `  ${f.slice(0, 300)}`),
    '',
    'no-op ARM calls by operation:',
    ...[...noop.armByOperation].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`),
    'no-op server calls by route:',
    ...[...noop.serverByRoute].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`),
    'first-apply ARM calls by operation:',
    ...[...first.armByOperation].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`),
    'first-apply server calls by route:',
    ...[...first.serverByRoute].map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`),
    '',
  ];
  process.stdout.write(out.join('\n'));
} finally {
  await world.close();
}
