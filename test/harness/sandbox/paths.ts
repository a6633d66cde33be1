import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's location (test/harness/sandbox/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the sandbox keeps everything it makes; `sandbox down` removes all of it. The CA is the test CA. */
export function sandboxDir(root = repoRoot): string {
  return process.env.SCOUT_ACR_SANDBOX_DIR ?? join(root, '.sandbox');
}

export const sandboxFiles = (dir: string) => ({
  env: join(dir, 'env'),
  state: join(dir, 'state.json'),
  log: join(dir, 'sandbox.log'),
  data: join(dir, 'data'),
});
