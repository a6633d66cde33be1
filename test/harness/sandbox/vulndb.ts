/**
 * The sandbox's vulnerability data: the demo's real OSV records (`examples/demo/osv`, see its SOURCES.md) imported
 * into the sandbox server's data directory by `scout-acr-server db import` — the command a user runs — so a fresh
 * clone, without the shared fixtures, gets real findings.
 */
import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ScoutAcrError } from '@scout-acr/sdk';
import { ScoutClient, type VulnDbStatus } from '@scout-acr/sdk/client';
import { repoRoot } from './paths.js';

const run = promisify(execFile);

export const DEMO_OSV_DIR = join(repoRoot, 'examples', 'demo', 'osv');

/** What the sandbox imported, kept in `state.json` for `up` to print. */
export interface VulnDbSummary {
  /** Relative to the repository root. */
  source: string;
  records: number;
  recordsByEcosystem: Record<string, number>;
  importedAt: string;
}

/** Runs `scout-acr-server db import <dir> --data <dataDir>` from source, as `pnpm sandbox` runs everything. */
export async function importDemoVulnDb(dataDir: string, dir = DEMO_OSV_DIR): Promise<VulnDbSummary> {
  const cli = join(repoRoot, 'packages', 'server', 'src', 'cli.ts');
  // Relative to the repository root, where it runs: the database's `sources` then reads `examples/demo/osv`.
  const args = ['--import', 'tsx', '--conditions=@scout-acr/source', cli, 'db', 'import', relative(repoRoot, dir)];
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [...args, '--data', dataDir, '--json', '--quiet'], {
      cwd: repoRoot,
      timeout: 120_000,
    }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ScoutAcrError(`scout-acr-server db import ${relative(repoRoot, dir)} failed: ${stderr || error}`, {
      code: 'SandboxVulnDbImportFailed',
      cause: error,
    });
  }
  const status = JSON.parse(stdout) as VulnDbStatus;
  return {
    source: relative(repoRoot, dir),
    records: status.records,
    recordsByEcosystem: status.recordsByEcosystem,
    importedAt: status.importedAt ?? '',
  };
}

/** Waits until the server has loaded the import of `importedAt` (it checks the data directory on a timer). */
export async function waitForVulnDbLoaded(client: ScoutClient, importedAt: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: VulnDbStatus | undefined;
  while (Date.now() < deadline) {
    last = await client.vulndb.status().catch(() => last);
    if (last?.loadedAt && last.importedAt === importedAt) return last;
    await delay(100);
  }
  throw new ScoutAcrError(
    `the sandbox server did not load the vulnerability database imported at ${importedAt} within ${timeoutMs / 1000} s (it reports ${last?.loadedAt ? `the import of ${last.importedAt}` : 'none loaded'})`,
    { code: 'SandboxVulnDbNotLoaded' },
  );
}

/** `Ubuntu 1, npm 1, PyPI 1`: records per ecosystem, most first. */
export function formatEcosystems(byEcosystem: Record<string, number>): string {
  return Object.entries(byEcosystem)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([ecosystem, n]) => `${ecosystem} ${n}`)
    .join(', ');
}

/** For `sandbox status`: whether the running server has a database loaded, asked through its API. */
export async function describeVulnDb(serverUrl: string, apiKey: string): Promise<{ loaded: boolean; text: string }> {
  try {
    const status = await new ScoutClient({ baseUrl: serverUrl, apiKey }).vulndb.status({
      signal: AbortSignal.timeout(2000),
    });
    if (!status.present || !status.loadedAt) return { loaded: false, text: 'vulnerability database: not loaded' };
    return {
      loaded: true,
      text: `vulnerability database: loaded, ${status.records} records (${formatEcosystems(status.recordsByEcosystem)}), imported ${status.importedAt}`,
    };
  } catch (error) {
    return {
      loaded: false,
      text: `vulnerability database: unknown (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
