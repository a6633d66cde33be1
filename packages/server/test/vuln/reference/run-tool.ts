import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs one reference tool once over a whole batch: `lines` go to stdin (or to a temp file passed via
 * `{FILE}` in args), stdout comes back split into lines. One process per batch, never one per pair.
 */
export function runBatch(command: string, args: string[], lines: string[], opts: { viaFile?: boolean } = {}): string[] {
  const input = `${lines.join('\n')}\n`;
  let dir: string | undefined;
  try {
    let finalArgs = args;
    if (opts.viaFile) {
      dir = mkdtempSync(join(tmpdir(), 'scout-acr-vuln-'));
      const file = join(dir, 'pairs.txt');
      writeFileSync(file, input);
      finalArgs = args.map((a) => a.replaceAll('{FILE}', file));
    }
    const result = spawnSync(command, finalArgs, {
      input: opts.viaFile ? undefined : input,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`${command} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
    }
    const out = result.stdout.split('\n');
    if (out.at(-1) === '') out.pop();
    return out;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Encodes a pair on one line; the generators never produce tabs or newlines inside versions. */
export const pairLine = (a: string, b: string) => `${a}\t${b}`;

/** Turns a tool's answer into -1/0/1, or 'error' when the tool refused the input. */
export function toOrdering(answer: string): -1 | 0 | 1 | 'error' {
  const n = Number(answer.trim());
  if (answer.trim() === 'E' || Number.isNaN(n)) return 'error';
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Runs a comparison, turning a thrown error into 'error' so it can be checked against a tool's refusal. */
export function attempt(compare: () => -1 | 0 | 1): -1 | 0 | 1 | 'error' {
  try {
    return compare();
  } catch {
    return 'error';
  }
}
