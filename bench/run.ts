/**
 * `pnpm bench [name…]`: runs the benchmarks in `bench/<name>/run.ts` one after another (each prints its figures
 * beside a reference measured in the same run). With no name, runs them all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'run.ts')))
  .map((entry) => entry.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(64);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n=== bench/${name}\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@scout-acr/source', '--expose-gc', join(here, name, 'run.ts')],
    { stdio: 'inherit', cwd: join(here, '..') },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
