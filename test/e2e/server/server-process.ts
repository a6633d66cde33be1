import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@scout-acr/sdk';
import { type ScoutServer, startScoutServer } from '@scout-acr/server';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(REPO_ROOT, 'packages', 'server', 'src', 'cli.ts');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote to stdout and stderr. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `scout-acr-server <args>` from source in a child process and collects its output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@scout-acr/source', CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `scout-acr-server serve` and resolves once it printed its listening line. */
export function startServerProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@scout-acr/source', CLI, 'serve', '--host', '127.0.0.1', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /\{"listening":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = m[1] as string;
        resolve({ child, url, port: Number(new URL(url).port), output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/**
 * An in-process `scout-acr-server` over `dataDir` for suites and benches that analyse images: the job worker polls
 * every 50 ms and the vulnerability database every 100 ms (so an import is picked up at once), logs at error level.
 */
export function startAnalysisServer(dataDir: string): Promise<ScoutServer> {
  return startScoutServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    worker: { pollMs: 50 },
    vulnDbPollMs: 100,
    logger: createLogger({ name: 'scout-acr-server', level: 'error' }),
  });
}
