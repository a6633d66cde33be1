/**
 * vitest globalSetup: prepares process-wide test prerequisites before any worker starts.
 * Workers inherit the environment set here, so every Node process of the run trusts the test CA and knows
 * where ARM emulators append their recorded exchanges (validated later by the fidelity project).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureTestCa, repoRoot } from './tls/index.js';

export default async function setup(): Promise<void> {
  const ca = await ensureTestCa();
  process.env.NODE_EXTRA_CA_CERTS = ca.certPath;
  process.env.SCOUT_ACR_TEST_CA = ca.certPath;
  const recordDir = process.env.SCOUT_ACR_ARM_RECORD_DIR ?? join(repoRoot, '.artifacts', 'arm-recordings');
  // Each run validates only its own traffic (set SCOUT_ACR_KEEP_ARM_RECORDINGS=1 to re-validate an earlier run's).
  if (process.env.SCOUT_ACR_KEEP_ARM_RECORDINGS !== '1') await rm(recordDir, { recursive: true, force: true });
  await mkdir(recordDir, { recursive: true });
  process.env.SCOUT_ACR_ARM_RECORD_DIR = recordDir;
}
