import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import type { VulnDbSummary } from './vulndb.js';

export interface SandboxState {
  pid: number;
  startedAt: string;
  ready: boolean;
  caPath: string;
  /** The scout-acr server's base URL and the vulnerability data imported into it at start. */
  serverUrl?: string;
  vulnDb?: VulnDbSummary;
  /** `probe`: the URL `status` checks, when it is not `url` itself (e.g. a health route). */
  components: Array<{ name: string; url: string; probe?: string }>;
}

export function readState(path: string): SandboxState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it returns a value, the deadline passes, or `gaveUp` says the attempt is lost. */
export async function waitFor<T>(
  check: () => T | undefined,
  timeoutMs: number,
  gaveUp?: () => boolean,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    if (gaveUp?.()) return undefined;
    await delay(100);
  }
  return undefined;
}

/** True when the URL answers at all (any HTTP status): the process behind it is up. */
export async function probe(url: string, caPath: string): Promise<boolean> {
  if (url.startsWith('http://')) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    }
  }
  const ca = existsSync(caPath) ? readFileSync(caPath) : undefined;
  return new Promise((resolve) => {
    const req = request(url, { agent: new Agent({ ca }), timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
