import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'packages', 'server', 'src', 'cli.ts');
const TSX = ['--import', 'tsx', '--conditions=@scout-acr/source'];

export const freePort = () =>
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited ${code}:\n${out}`));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

export interface Running {
  pid: number | undefined;
  stop(): Promise<void>;
}

function running(child: ChildProcess): Running {
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits for the child's ready line; a child that never gets there is killed, not left behind. */
async function started(child: ChildProcess, ready: RegExp): Promise<Running> {
  try {
    await waitFor(child, ready);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return running(child);
}

/** The ceiling: a bare node:http server that reads each body and answers 200, nothing else. */
export async function startBareServer(port: number): Promise<Running> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, {'content-length': 0}); s.end(); }); })
    .listen(${port}, '127.0.0.1', () => console.log('ready'))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  return started(child, /ready/);
}

const serverEnv = (dataDir: string) => ({ ...process.env, SCOUT_ACR_DATA: dataDir, LOG_LEVEL: 'warn' });

/** Creates an admin API key in `dataDir` (the server's own CLI) and returns it. */
export async function createAdminKey(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, [...TSX, CLI, 'keys', 'create', '--org', 'bench', '--role', 'admin'], {
    env: serverEnv(dataDir),
    cwd: root,
  });
  return (await waitFor(child, /sacr_\S+/)).trim();
}

/**
 * `scout-acr-server serve` from source on `port` over `dataDir` (SQLite), as a child process. With `cpuProfDir`,
 * it writes a V8 CPU profile there when it stops (`node --cpu-prof`).
 */
export async function startScoutServer(port: number, dataDir: string, cpuProfDir?: string): Promise<Running> {
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, ...TSX, CLI, 'serve', '--host', '127.0.0.1', '--port', String(port)],
    { env: serverEnv(dataDir), cwd: root },
  );
  return started(child, /"listening"/);
}
