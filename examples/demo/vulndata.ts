/**
 * The demo's vulnerability data as a reader sees it: the real OSV records in `examples/demo/osv` (their sources
 * and licences are in SOURCES.md there), which `pnpm sandbox up` imports into the sandbox server.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@scout-acr/test/harness';

export const DEMO_OSV_DIR = join(repoRoot, 'examples', 'demo', 'osv');

interface OsvRecord {
  id: string;
  aliases?: string[];
  affected?: Array<{ package?: { name?: string } }>;
}

/** One aligned line per record: id, ecosystem (its directory), packages, aliases. */
export async function describeDemoRecords(): Promise<string[]> {
  const rows: string[][] = [];
  for (const ecosystem of (await readdir(DEMO_OSV_DIR, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const dir = join(DEMO_OSV_DIR, ecosystem.name);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
      const record = JSON.parse(await readFile(join(dir, file), 'utf8')) as OsvRecord;
      const packages = [...new Set(record.affected?.map((a) => a.package?.name).filter(Boolean))].join(', ');
      const aliases = record.aliases?.length ? `aliases ${record.aliases.join(', ')}` : '';
      rows.push([record.id, ecosystem.name, packages, aliases]);
    }
  }
  rows.sort((a, b) => (a[1] as string).localeCompare(b[1] as string));
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell))
      .join('  ')
      .trimEnd(),
  );
}
