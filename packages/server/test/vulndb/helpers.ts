import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export { OSV_DIR, SECDB_DIR } from '../matching/fixtures.js';

const dirs: string[] = [];

/** A temporary directory removed after the test. */
export function tempDir(prefix = 'vulndb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Builds a real zip with Info-ZIP's `zip` CLI, laid out like OSV's `all.zip` (one `<ID>.json` per record at the
 * top level). `store` keeps entries uncompressed (method 0) instead of deflating them.
 */
export function zipOf(sourceDir: string, target: string, store = false): string {
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.json'));
  execFileSync('zip', ['-q', ...(store ? ['-0'] : ['-9']), '-X', target, ...files], { cwd: sourceDir });
  return target;
}

/** A copy of one fixture ecosystem directory, for tests that alter records. */
export function copyEcosystem(osvDir: string, eco: string, into: string): string {
  const target = join(into, eco);
  mkdirSync(target, { recursive: true });
  cpSync(join(osvDir, eco), target, { recursive: true });
  return target;
}

/** The newest `modified` over fixture JSON records, skipping Go's 0001-01-01 placeholder. */
export function newestModified(osvDir: string): string {
  let newest = '';
  for (const eco of ['Go', 'PyPI', 'Ubuntu', 'npm']) {
    for (const file of readdirSync(join(osvDir, eco))) {
      const { modified } = JSON.parse(readFileSync(join(osvDir, eco, file), 'utf8')) as { modified?: string };
      if (modified && !modified.startsWith('0001-') && modified > newest) newest = modified;
    }
  }
  return newest;
}
