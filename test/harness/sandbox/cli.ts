/**
 * `pnpm sandbox up|down|status`: runs the local test world (ARM emulator, registries with ACR auth, Event Grid
 * delivery, scout-acr server) in the background and describes it in `.sandbox/env`.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { ensureTestCa } from '../tls/index.js';
import { parseEnvFile } from './env-file.js';
import { repoRoot, sandboxDir, sandboxFiles } from './paths.js';
import { isAlive, probe, readState, waitFor } from './process.js';
import { describeVulnDb, formatEcosystems } from './vulndb.js';

const USAGE = `usage: pnpm sandbox <up|down|status> [--registries N|name,name] [--resource-group NAME]

  up       start the sandbox in the background and write .sandbox/env (source it)
  status   show what runs and whether the server has its vulnerability database loaded; exit 0 when
           everything answers, 3 when the sandbox is down or unhealthy
  down     stop everything and remove .sandbox/ (except the CA), leaving no process or port behind`;

async function up(args: string[]): Promise<number> {
  const dir = sandboxDir();
  const files = sandboxFiles(dir);
  const current = readState(files.state);
  if (current && isAlive(current.pid)) {
    process.stdout.write(`sandbox already running (pid ${current.pid}); env: ${files.env}\n`);
    return 0;
  }
  await mkdir(dir, { recursive: true });
  // The daemon's server and registry clients must trust the sandbox CA from their first TLS connection.
  const ca = await ensureTestCa();
  rmSync(files.state, { force: true });
  const log = openSync(files.log, 'w');
  const tsx = `${repoRoot}/node_modules/.bin/tsx`;
  const child = spawn(tsx, ['--conditions=@scout-acr/source', `${repoRoot}/test/harness/sandbox/daemon.ts`, ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, SCOUT_ACR_SANDBOX_DIR: dir, NODE_EXTRA_CA_CERTS: ca.certPath },
  });
  closeSync(log);
  child.unref();
  const ready = await waitFor(
    () => {
      const state = readState(files.state);
      return state?.ready ? state : undefined;
    },
    120_000,
    () => child.exitCode !== null,
  );
  if (!ready) {
    process.stderr.write(
      `sandbox failed to start; log:\n${existsSync(files.log) ? readFileSync(files.log, 'utf8') : ''}\n`,
    );
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {}
    return 1;
  }
  process.stdout.write(`sandbox up (pid ${ready.pid})\n`);
  for (const c of ready.components) process.stdout.write(`  ${c.name.padEnd(24)} ${c.url}\n`);
  if (ready.vulnDb) {
    const { records, recordsByEcosystem, source } = ready.vulnDb;
    process.stdout.write(
      `  vulnerability database: ${records} records (${formatEcosystems(recordsByEcosystem)}) from ${source}\n`,
    );
  }
  process.stdout.write(`\nsource ${files.env}\n`);
  return 0;
}

async function status(): Promise<number> {
  const files = sandboxFiles(sandboxDir());
  const state = readState(files.state);
  if (!state || !isAlive(state.pid)) {
    process.stdout.write('sandbox: down\n');
    return 3;
  }
  let healthy = true;
  process.stdout.write(`sandbox: running (pid ${state.pid}, since ${state.startedAt})\n`);
  for (const c of state.components) {
    const ok = await probe(c.probe ?? c.url, state.caPath);
    healthy &&= ok;
    process.stdout.write(`  ${ok ? 'up  ' : 'DOWN'} ${c.name.padEnd(24)} ${c.url}\n`);
  }
  const key = existsSync(files.env) ? parseEnvFile(readFileSync(files.env, 'utf8')).SCOUT_ACR_SANDBOX_VIEWER_KEY : '';
  if (state.serverUrl && key) {
    // Without its vulnerability database the server still answers, but the demo would show no findings.
    const vulnDb = await describeVulnDb(state.serverUrl, key);
    healthy &&= vulnDb.loaded;
    process.stdout.write(`  ${vulnDb.text}\n`);
  }
  return healthy ? 0 : 3;
}

async function down(): Promise<number> {
  const dir = sandboxDir();
  const files = sandboxFiles(dir);
  const state = readState(files.state);
  if (state && isAlive(state.pid)) {
    try {
      process.kill(-state.pid, 'SIGTERM');
    } catch {
      process.kill(state.pid, 'SIGTERM');
    }
    const stopped = await waitFor(() => (isAlive(state.pid) ? undefined : true), 30_000);
    if (!stopped) {
      process.kill(-state.pid, 'SIGKILL');
    }
  }
  for (const path of [files.env, files.state, files.log, files.data]) rmSync(path, { recursive: true, force: true });
  process.stdout.write('sandbox down\n');
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'up' ? up(rest) : command === 'down' ? down() : command === 'status' ? status() : undefined;
if (!run) {
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
} else {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
