import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Distro, ImagePackage, PackageType } from '../../src/analysis/index.js';
import { packageUrl } from '../../src/analysis/index.js';
import { InMemoryVulnDb, type ParsedRecord, parseOsvRecord, SecdbCollector } from '../../src/vulndb/index.js';

/** The real OSV records shared by every suite (repository root `../shared/fixtures/osv`). */
export const OSV_DIR = fileURLToPath(new URL('../../../../../shared/fixtures/osv/', import.meta.url));
export const SECDB_DIR = join(OSV_DIR, '_secdb/alpine/v3.11');

/** Every fixture OSV JSON record, parsed from disk. */
export function fixtureRecords(): unknown[] {
  const out: unknown[] = [];
  for (const eco of ['Go', 'PyPI', 'Ubuntu', 'npm']) {
    for (const file of readdirSync(join(OSV_DIR, eco)).sort()) {
      out.push(JSON.parse(readFileSync(join(OSV_DIR, eco, file), 'utf8')));
    }
  }
  return out;
}

/** One fixture record by ecosystem directory and id. */
export function fixtureRecord(eco: string, id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(OSV_DIR, eco, `${id}.json`), 'utf8')) as Record<string, unknown>;
}

/** The secdb fixture documents as records. */
export function secdbRecords(): ParsedRecord[] {
  const collector = new SecdbCollector();
  for (const file of ['main.yaml', 'community.yaml']) {
    collector.add(readFileSync(join(SECDB_DIR, file), 'utf8'), file);
  }
  return collector.result();
}

/** An in-memory database over all fixture records plus `extra` ones. */
export function fixtureDb(extra: unknown[] = []): InMemoryVulnDb {
  const parsed = [...fixtureRecords(), ...extra].map((r) => parseOsvRecord(r));
  return new InMemoryVulnDb([...parsed, ...secdbRecords()]);
}

export const UBUNTU_2204: Distro = { id: 'ubuntu', versionId: '22.04', codename: 'jammy', idLike: ['debian'] };
export const UBUNTU_2004: Distro = { id: 'ubuntu', versionId: '20.04', codename: 'focal', idLike: ['debian'] };
export const UBUNTU_1604: Distro = { id: 'ubuntu', versionId: '16.04', codename: 'xenial', idLike: ['debian'] };
export const DEBIAN_12: Distro = { id: 'debian', versionId: '12', codename: 'bookworm', idLike: [] };
export const ALPINE_311: Distro = { id: 'alpine', versionId: '3.11.5', idLike: [] };

/** An image package as the analysis would produce it. */
export function pkg(
  type: PackageType,
  name: string,
  version: string,
  extra: Partial<ImagePackage> = {},
  distro?: Distro,
): ImagePackage {
  const base = {
    type,
    name,
    version,
    licenses: [],
    location: '/x',
    foundBy: 'test',
    ...(extra.namespace ? { namespace: extra.namespace } : {}),
    ...(extra.arch ? { arch: extra.arch } : {}),
  };
  return {
    ...base,
    purl: packageUrl(base, distro),
    locations: ['/x'],
    layer: 'sha256:layer',
    ...extra,
  } as ImagePackage;
}
