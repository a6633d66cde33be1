import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** From `src/dashboard/` (vitest, tsx) or a `dist/` chunk (tsup) the package root is at most a few levels up. */
const MAX_LEVELS = 4;

/**
 * The package's `web/` directory: the nearest ancestor of this module holding `web/index.html`. The walk is
 * short so it can never pick up some unrelated `web/` higher in the file system.
 */
export function locateWebDir(moduleUrl: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const candidate = join(dir, 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
