import { spawnSync } from 'node:child_process';
import { ensureTestCa } from '@scout-acr/test/harness';

/**
 * The emulator speaks HTTPS with the test CA, and Node reads NODE_EXTRA_CA_CERTS only at start: the first call
 * re-runs this script in a child with it set and exits with the child's status; in the child it returns.
 */
export async function rerunWithTestCa(): Promise<void> {
  if (process.env.SCOUT_ACR_BENCH_RECONCILE_CHILD) return;
  const ca = await ensureTestCa();
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath, SCOUT_ACR_BENCH_RECONCILE_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}
