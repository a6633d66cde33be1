/**
 * CPU per ARM call of the reconciler's Azure side, alone: `SdkAzurePort.observe` (the no-op reconcile's ARM
 * calls: 2 lists per resource group, then tokens and event subscriptions per registry) against the bench's ARM
 * emulator with no latency, in rounds; prints this process's CPU time (user + system) per ARM call for each
 * round, and the same for plain keep-alive `https` GETs of the same URLs (what Node itself costs per request).
 * CPU time, not wall time, so that it holds on a busy machine.
 *
 *   node --import tsx --conditions=@scout-acr/source bench/reconcile/cpu-per-call.ts
 *   BENCH_RECONCILE_REGISTRIES=200 BENCH_RECONCILE_GROUPS=4 BENCH_CPU_ROUNDS=5
 */
import { Agent, request } from 'node:https';
import { SdkAzurePort, StaticTokenCredential } from '@scout-acr/reconciler';
import { rerunWithTestCa } from './with-test-ca.js';
import { startBenchWorld } from './world.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const R = num('BENCH_RECONCILE_REGISTRIES', 200);
const G = num('BENCH_RECONCILE_GROUPS', 4);
const ROUNDS = num('BENCH_CPU_ROUNDS', 5);
const CONCURRENCY = 8;

await rerunWithTestCa();

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

const world = await startBenchWorld({ registries: R, repositoriesPerRegistry: 1, resourceGroups: G, latencyMs: 0 });
try {
  const port = new SdkAzurePort({
    endpoint: world.emulatorUrl,
    credential: new StaticTokenCredential('bench'),
    concurrency: CONCURRENCY,
  });
  // A system topic per registry, as after a first apply, so that each registry's subscriptions are listed too.
  const setup = new SdkAzurePort({
    endpoint: world.emulatorUrl,
    credential: new StaticTokenCredential('bench'),
    concurrency: CONCURRENCY,
    pollIntervalMs: 10,
  });
  await Promise.all(
    world.registries.map((r) =>
      setup.putSystemTopic(
        {
          subscriptionId: world.subscriptionId,
          resourceGroup: r.resourceGroup,
          name: r.name,
          id: `/subscriptions/${world.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${r.name}`,
          loginServer: `${r.name}.azurecr.io`,
        },
        `${r.name}-topic`,
      ),
    ),
  );
  const targets = world.registries.map((r) => ({
    address: `${r.name}.azurecr.io`,
    subscriptionId: world.subscriptionId,
    resourceGroup: r.resourceGroup,
    name: r.name,
    needScopeMaps: false,
  }));
  const rows: string[] = [];
  const perCall: { observe: number[]; https: number[] } = { observe: [], https: [] };
  const paths = new Set<string>();
  for (let round = 0; round <= ROUNDS; round++) {
    await world.resetArmRequests();
    const cpu = process.cpuUsage();
    await port.observe(targets);
    const ms = cpuMs(cpu);
    const calls = await world.armRequests();
    // Round 0 warms up (JIT, connections) and is not printed.
    if (round > 0) perCall.observe.push(ms / calls.length);
    if (round > 0) rows.push(`observe  ${calls.length} ARM calls  ${(ms / calls.length).toFixed(3)} ms CPU/call`);
  }
  // The floor: the same number of GETs through Node's https with keep-alive, body read and JSON-parsed.
  const url = new URL(world.emulatorUrl);
  const agent = new Agent({ keepAlive: true });
  const rg = (i: number) => `rg-bench-${i % G}`;
  for (let i = 0; i < R; i++)
    paths.add(
      `/subscriptions/${world.subscriptionId}/resourceGroups/${rg(i)}/providers/Microsoft.ContainerRegistry/registries/${world.registries[i]?.name}/tokens?api-version=2025-11-01`,
    );
  const get = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, agent, headers: { authorization: 'Bearer bench' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => {
            JSON.parse(body);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  const list = [...paths, ...paths];
  for (let round = 0; round <= ROUNDS; round++) {
    const cpu = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < list.length) await get(list[next++] as string);
      }),
    );
    const ms = cpuMs(cpu);
    if (round > 0) perCall.https.push(ms / list.length);
    if (round > 0) rows.push(`https    ${list.length} GETs       ${(ms / list.length).toFixed(3)} ms CPU/call`);
  }
  agent.destroy();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  rows.push(
    `median CPU per call: observe ${median(perCall.observe).toFixed(3)} ms, plain https ${median(perCall.https).toFixed(3)} ms`,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  await world.close();
}
