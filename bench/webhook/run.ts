/**
 * bench/webhook: accepted Event Grid deliveries per second and p50/p99 latency of the real scout-acr webhook
 * (a `scout-acr-server serve` child process, SQLite in a temp dir, one event per delivery as Docker's
 * subscription sends them, every one committed before its 200) against a bare `node:http` server on the same
 * port that only answers 200: the ceiling of this machine and load generator. Loopback only; bounded.
 *
 *   pnpm bench webhook        (or: pnpm exec tsx --conditions=@scout-acr/source bench/webhook/run.ts)
 *   BENCH_WEBHOOK_EVENTS=20000 BENCH_WEBHOOK_CONCURRENCY=32 to change the load.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImagePushedEvent } from '@scout-acr/sdk/events';
import { type LoadResult, runLoad } from './load.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'packages', 'server', 'src', 'cli.ts');
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 32);
const WARMUP = 1_000;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}:\n${out}`)));
  });
}

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux). */
function cpuSeconds(child: ChildProcess): number {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function bodies(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify([
      buildImagePushedEvent({
        registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/bench',
        loginServer: 'bench.azurecr.io',
        repository: `bench/app${i % 50}`,
        tag: `t${i}`,
        digest: `sha256:${i.toString(16).padStart(64, '0')}`,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 1234,
        id: randomUUID(),
      }),
    ]),
  );
}

type Measured = LoadResult & { cpuUsPerEvent: number };

async function measureCeiling(port: number, load: string[]): Promise<Measured> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, {'content-length': 0}); s.end(); }); })
    .listen(${port}, '127.0.0.1', () => console.log('ready'))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await waitFor(child, /ready/);
    await runLoad(`http://127.0.0.1:${port}/`, load.slice(0, WARMUP), CONCURRENCY);
    const cpu0 = cpuSeconds(child);
    const result = await runLoad(`http://127.0.0.1:${port}/`, load.slice(WARMUP), CONCURRENCY);
    return { ...result, cpuUsPerEvent: ((cpuSeconds(child) - cpu0) * 1e6) / result.requests };
  } finally {
    await stop(child);
  }
}

async function measureWebhook(port: number, load: string[]): Promise<Measured & { stored: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scout-acr-bench-'));
  const tsx = ['--import', 'tsx', '--conditions=@scout-acr/source', CLI];
  const env = { ...process.env, SCOUT_ACR_DATA: dataDir, LOG_LEVEL: 'warn' };
  try {
    const keyProc = spawn(process.execPath, [...tsx, 'keys', 'create', '--org', 'bench', '--role', 'admin'], {
      env,
      cwd: root,
    });
    const key = (await waitFor(keyProc, /sacr_\S+/)).trim();
    const server = spawn(process.execPath, [...tsx, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
      env,
      cwd: root,
    });
    try {
      await waitFor(server, /"listening"/);
      const base = `http://127.0.0.1:${port}`;
      const res = await fetch(`${base}/v1/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ loginServer: '127.0.0.1:9', tokenName: 'bench-token', password: 'bench-password' }),
      });
      const { webhookUrl, id } = (await res.json()) as { webhookUrl: string; id: string };
      await runLoad(webhookUrl, load.slice(0, WARMUP), CONCURRENCY);
      const cpu0 = cpuSeconds(server);
      const result = await runLoad(webhookUrl, load.slice(WARMUP), CONCURRENCY);
      const cpuUsPerEvent = ((cpuSeconds(server) - cpu0) * 1e6) / result.requests;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const stored = Number(/scout_acr_webhook_events_accepted_total (\d+)/.exec(metrics)?.[1] ?? 0);
      const commits = Number(/scout_acr_webhook_commits_total (\d+)/.exec(metrics)?.[1] ?? 0);
      process.stderr.write(
        `group commit: ${stored} events in ${commits} transactions (${(stored / commits).toFixed(1)} per commit)\n`,
      );
      void id;
      return { ...result, cpuUsPerEvent, stored };
    } finally {
      await stop(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const row = (name: string, r: Measured) =>
  `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${r.cpuUsPerEvent.toFixed(0).padStart(11)} ${String(r.failed).padStart(7)}`;

const port = await freePort();
const load = bodies(EVENTS + WARMUP);
const ceiling = await measureCeiling(port, load);
const webhook = await measureWebhook(port, load);

process.stdout.write(
  `webhook bench: ${EVENTS} deliveries (1 event each), ${CONCURRENCY} concurrent, loopback port ${port}\n\n`,
);
process.stdout.write(
  `${'server'.padEnd(34)} ${'events/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU µs/evt'.padStart(11)} ${'non-200'.padStart(7)}\n`,
);
process.stdout.write(`${row('bare node:http (ceiling)', ceiling)}\n`);
process.stdout.write(`${row('scout-acr webhook (SQLite commit)', webhook)}\n\n`);
const ratio = webhook.perSecond / ceiling.perSecond;
const [load1] = (await import('node:os')).loadavg();
process.stdout.write(
  `load average during the run: ${load1?.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores (other work on the machine lowers both rows)\n`,
);
process.stdout.write(
  `events stored: ${webhook.stored} of ${EVENTS + WARMUP} sent; webhook/ceiling = ${(ratio * 100).toFixed(0)} %\n`,
);
const goals = [
  [`>= 2000 events/s`, webhook.perSecond >= 2000],
  ['p99 < 50 ms', webhook.p99Ms < 50],
  ['>= half the ceiling', ratio >= 0.5],
  ['every event stored, no errors', webhook.failed === 0 && webhook.stored === EVENTS + WARMUP],
] as const;
for (const [goal, met] of goals) process.stdout.write(`  ${met ? 'met    ' : 'MISSED '} ${goal}\n`);
process.exitCode = goals.every(([, met]) => met) ? 0 : 1;
