/**
 * bench/analysis: our image analysis against its floor and against Trivy, on one image of about 100 MB of gzip
 * layers (real files of this machine, see image.ts) pushed with skopeo to the test world's registry:
 *   (a) floor: download + gunzip every layer through RegistryClient, bytes discarded;
 *   (b) our full analysis (catalogLayer per layer streamed from the registry, then merge; cold layer cache);
 *   (c) Trivy's CycloneDX SBOM of the same image, offline, from its OCI layout (cold cache dir);
 *   (d) our re-analysis of a rebuild that differs in its last layer only (layer cache warm from (b));
 *   and the peak RSS of (b), sampled in a child process that does only (a), (b) and (d).
 * Goals: (b) ≤ 1.3 × (a); (b) < (c); (d) ≤ 15 % of (b); peak RSS < 300 MB. Figures only, no assertions.
 *
 *   pnpm bench analysis      (or: pnpm exec tsx --conditions=@scout-acr/source bench/analysis/run.ts)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOciLayout, pushImage } from '../../test/harness/images/index.js';
import type { TestRegistry } from '../../test/harness/registry/index.js';
import { runTrivy } from '../../test/harness/trivy.js';
import { startWorld } from '../../test/harness/world.js';
import { benchLayers } from './image.js';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

interface Measured {
  floor: { ms: number; compressed: number; uncompressed: number };
  floorHashed: number;
  full: { ms: number; peakRss: number; packages: number; read: number };
  rerun: { ms: number; read: number; cached: number };
  maxRssKb: number;
}

function measure(env: Record<string, string>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@scout-acr/source', '--expose-gc', join(here, 'measure.ts')],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() as string))
        : reject(new Error(`measure exit ${code}`)),
    );
  });
}

const temp = await mkdtemp(join(tmpdir(), 'scout-acr-bench-analysis-'));
const world = await startWorld({ registries: ['benchanalysis'], resourceGroup: 'rg-bench-analysis' });
try {
  const registry = world.registries[0] as TestRegistry;
  const repository = 'bench/app';
  const layouts: Record<string, string> = {};
  for (const build of ['v1', 'v2']) {
    const dir = join(temp, build);
    let started = performance.now();
    await buildOciLayout({ dir, image: { layers: benchLayers(build) } });
    const built = performance.now() - started;
    started = performance.now();
    await pushImage({ layoutDir: dir, ref: `${repository}:${build}`, registry });
    process.stdout.write(
      `built ${build} in ${(built / 1000).toFixed(1)} s, pushed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    layouts[build] = dir;
  }
  const ours = await measure({
    BENCH_ANALYSIS_TARGET: JSON.stringify({
      registry: {
        loginServer: registry.loginServer,
        pushCredentials: registry.pushCredentials,
        caCertPath: registry.caCertPath,
      },
      repository,
    }),
  });
  const started = performance.now();
  // Jars without pom.properties would need Trivy's Java DB, which cannot be downloaded offline.
  const trivy = await runTrivy({ image: layouts.v1 as string }, { skipFiles: ['**/*.jar'] });
  const trivyMs = performance.now() - started;

  const { floor, full, rerun } = ours;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
  const rows: Array<[string, string, string, string]> = [
    ['(a) floor: download + gunzip', s(floor.ms), '1.00 × (a)', ''],
    [
      '    floor + sha256 diffID',
      s(ours.floorHashed),
      `${(ours.floorHashed / floor.ms).toFixed(2)} × (a)`,
      'reference',
    ],
    ['(b) ours, cold', s(full.ms), `${(full.ms / floor.ms).toFixed(2)} × (a)`, 'goal ≤ 1.30 × (a)'],
    ['(c) trivy SBOM, cold', s(trivyMs), `${(full.ms / trivyMs).toFixed(2)} (b)/(c)`, 'goal (b) < (c)'],
    ['(d) ours, rebuilt last layer', s(rerun.ms), `${((rerun.ms / full.ms) * 100).toFixed(1)} % of (b)`, 'goal ≤ 15 %'],
  ];
  process.stdout.write(
    `image: ${(floor.compressed / MB).toFixed(1)} MB compressed, ${(floor.uncompressed / MB).toFixed(1)} MB uncompressed, 4 gzip layers\n` +
      `packages: ours ${full.packages}, trivy ${trivy.packages.length}; rebuild read ${rerun.read} layer(s), ${rerun.cached} cached\n\n` +
      `${'measure'.padEnd(32)}${'time'.padStart(9)}  ${'ratio'.padEnd(16)}goal\n` +
      rows.map(([a, b, c, d]) => `${a.padEnd(32)}${b}  ${c.padEnd(16)}${d}`).join('\n') +
      `\npeak RSS of (b): ${(full.peakRss / MB).toFixed(0)} MB sampled every 10 ms during (b) (child process lifetime max incl. tsx and floor passes: ${(ours.maxRssKb / 1024).toFixed(0)} MB) — goal < 300 MB\n`,
  );
} finally {
  await world.close();
  await rm(temp, { recursive: true, force: true });
}
