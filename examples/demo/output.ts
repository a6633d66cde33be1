/** The demo's environment (from `.sandbox/env`), its step headings, and the built `scout-acr` CLI it runs. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@scout-acr/test/harness';

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`pnpm sandbox up\` and \`source .sandbox/env\` first`);
  return value;
}

export const part = (text: string) => process.stdout.write(`\n\u001b[1m${text}\u001b[0m\n`);
export const step = (text: string) => process.stdout.write(`\n\u001b[1m▶ ${text}\u001b[0m\n`);
export const say = (text: string) => process.stdout.write(`  ${text}\n`);

/** Runs the built `scout-acr` CLI (what `pnpm build` makes) with this environment; its output goes to ours. */
export function cli(...args: string[]): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'packages/reconciler/dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  process.stdout.write(result.stdout.replace(/^(?=.)/gm, '  '));
  if (result.status !== 0 && !(args.includes('--detailed-exitcode') && result.status === 2)) {
    throw new Error(`scout-acr ${args[0]} exited ${result.status}`);
  }
}
