import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchPackages } from '../../src/matching/index.js';
import {
  importOsv,
  openVulnDb,
  VULNDB_FILE,
  VULNDB_NEXT_FILE,
  VulnDbBusyError,
  VulnDbImportError,
  VulnDbUnavailableError,
  vulnDbStatus,
} from '../../src/vulndb/index.js';
import { fixtureDb, pkg, UBUNTU_2204 } from '../matching/fixtures.js';
import { copyEcosystem, newestModified, OSV_DIR, SECDB_DIR, tempDir, zipOf } from './helpers.js';

/** Distinct secdb ids with a real (non-0) fix, read independently of the importer. */
function secdbIdCount(): number {
  const ids = new Set<string>();
  for (const file of ['main.yaml', 'community.yaml']) {
    const doc = parse(readFileSync(join(SECDB_DIR, file), 'utf8'), { schema: 'failsafe' }) as {
      packages: Array<{ pkg: { secfixes?: Record<string, string[]> } }>;
    };
    for (const { pkg: p } of doc.packages) {
      for (const [fixed, list] of Object.entries(p.secfixes ?? {})) {
        if (fixed !== '0') for (const id of list) ids.add(id.split(' ')[0]!.replace('CVE_', 'CVE-'));
      }
    }
  }
  return ids.size;
}

describe('importOsv', () => {
  it('imports the fixture directory tree (OSV JSON + Alpine secdb) and records its status', async () => {
    const dataDir = tempDir();
    const progress: number[] = [];
    const status = await importOsv(OSV_DIR, {
      dataDir,
      onProgress: (p) => p.records !== undefined && progress.push(p.records),
    });
    expect(status.recordsByEcosystem).toEqual({ Alpine: secdbIdCount(), Go: 22, PyPI: 21, Ubuntu: 1, npm: 11 });
    expect(status.records).toBe(22 + 21 + 1 + 11 + secdbIdCount());
    expect(status.newestModified).toBe(newestModified(OSV_DIR));
    expect(status.sources).toEqual([OSV_DIR]);
    expect(status.invalid).toBe(0);
    expect(Date.parse(status.importedAt!)).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(vulnDbStatus(dataDir)).toEqual(status);
    expect(existsSync(join(dataDir, VULNDB_NEXT_FILE))).toBe(false);
  });

  it('matches through SQLite exactly as through the in-memory lookup', async () => {
    const dataDir = tempDir();
    await importOsv(OSV_DIR, { dataDir });
    const packages = [
      pkg('npm', 'lodash', '4.17.11'),
      pkg('pypi', 'Requests', '2.30.0'),
      pkg('golang', 'stdlib', 'v1.22.0'),
      pkg(
        'deb',
        'libgnutls30',
        '3.7.3-4ubuntu1.3',
        { source: { name: 'gnutls28', version: '3.7.3-4ubuntu1.3' } },
        UBUNTU_2204,
      ),
    ];
    const db = openVulnDb(dataDir);
    try {
      const fromSqlite = matchPackages(packages, db, UBUNTU_2204);
      expect(fromSqlite.length).toBeGreaterThan(5);
      expect(fromSqlite).toEqual(matchPackages(packages, fixtureDb(), UBUNTU_2204));
      expect(
        db
          .candidates('npm', 'LODASH')
          .map((c) => c.advisory.id)
          .sort(),
      ).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-jf85-cpcp-j695']);
      expect(db.advisories('CVE-2023-32681').map((a) => a.id)).toEqual(['PYSEC-2023-74']);
      expect(db.advisories('GO-2024-2887')[0]!.aliases).toEqual(['CVE-2024-24790']);
    } finally {
      db.close();
    }
  });

  it('imports an OSV all.zip (deflated and stored entries) and a single JSON file', async () => {
    const work = tempDir();
    const deflated = zipOf(join(OSV_DIR, 'npm'), join(work, 'npm.zip'));
    const stored = zipOf(join(OSV_DIR, 'PyPI'), join(work, 'pypi.zip'), true);
    const dataDir = join(work, 'data');
    const status = await importOsv([deflated, stored, join(OSV_DIR, 'Ubuntu', 'CVE-2024-0553.json')], { dataDir });
    expect(status.recordsByEcosystem).toEqual({ PyPI: 21, Ubuntu: 1, npm: 11 });
    const db = openVulnDb(dataDir);
    try {
      expect(matchPackages([pkg('pypi', 'requests', '2.30.0')], db, undefined)[0]!.fixedVersions).toEqual(['2.31.0']);
    } finally {
      db.close();
    }
  });

  it('drops withdrawn records and counts unreadable files without failing', async () => {
    const work = tempDir();
    const npm = copyEcosystem(OSV_DIR, 'npm', work);
    const file = join(npm, 'GHSA-grv7-fg5c-xmjg.json');
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), withdrawn: '2024-06-01T00:00:00Z' }),
    );
    writeFileSync(join(npm, 'broken.json'), '{"id": ');
    // A multi-CVE notice beside the per-CVE record: skipped, the CVE record is kept.
    const ubuntu = copyEcosystem(OSV_DIR, 'Ubuntu', work);
    const cve = JSON.parse(readFileSync(join(ubuntu, 'CVE-2024-0553.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(ubuntu, 'USN-6593-1.json'),
      JSON.stringify({ ...cve, id: 'USN-6593-1', related: ['CVE-2024-0553', 'CVE-2024-0567'] }),
    );
    const status = await importOsv(work, { dataDir: join(work, 'data') });
    expect(status.recordsByEcosystem).toEqual({ Ubuntu: 1, npm: 10 });
    expect(status.bundledNotices).toBe(1);
    expect(status.withdrawn).toBe(1);
    expect(status.invalid).toBe(1);
    expect(status.invalidSamples[0]).toContain('broken.json');
  });

  it('leaves the old database in place and readable when an import fails', async () => {
    const work = tempDir();
    const dataDir = join(work, 'data');
    const before = await importOsv(join(OSV_DIR, 'npm'), { dataDir });
    const reader = openVulnDb(dataDir);
    const corrupt = join(work, 'corrupt.zip');
    writeFileSync(
      corrupt,
      Buffer.concat([readFileSync(zipOf(join(OSV_DIR, 'Go'), join(work, 'go.zip'))).subarray(0, 500)]),
    );
    await expect(importOsv([join(OSV_DIR, 'PyPI'), corrupt], { dataDir })).rejects.toBeInstanceOf(VulnDbImportError);
    await expect(importOsv(join(work, 'missing'), { dataDir })).rejects.toThrow(/cannot read vulnerability source/);
    expect(existsSync(join(dataDir, VULNDB_NEXT_FILE))).toBe(false);
    expect(vulnDbStatus(dataDir)).toEqual(before);
    expect(reader.candidates('npm', 'lodash')).toHaveLength(2);
    reader.close();
  });

  it('switches atomically: an open handle keeps the old data, a reopened one sees the new', async () => {
    const dataDir = tempDir();
    await importOsv(join(OSV_DIR, 'npm'), { dataDir });
    const old = openVulnDb(dataDir);
    await importOsv(join(OSV_DIR, 'PyPI'), { dataDir });
    expect(old.candidates('npm', 'lodash')).toHaveLength(2);
    expect(old.candidates('PyPI', 'requests')).toHaveLength(0);
    old.close();
    const fresh = openVulnDb(dataDir);
    expect(fresh.candidates('npm', 'lodash')).toHaveLength(0);
    expect(fresh.candidates('PyPI', 'requests')).toHaveLength(3);
    fresh.close();
  });

  it('merges into the live database when asked', async () => {
    const dataDir = tempDir();
    await importOsv(join(OSV_DIR, 'npm'), { dataDir });
    const status = await importOsv(join(OSV_DIR, 'Go'), { dataDir, mode: 'merge' });
    expect(status.recordsByEcosystem).toEqual({ Go: 22, npm: 11 });
    expect(status.sources).toEqual([join(OSV_DIR, 'npm'), join(OSV_DIR, 'Go')]);
  });

  it('refuses a concurrent import and takes over a stale lock', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    const lock = join(dataDir, `${VULNDB_FILE}.lock`);
    writeFileSync(lock, String(process.pid));
    await expect(importOsv(join(OSV_DIR, 'npm'), { dataDir })).rejects.toBeInstanceOf(VulnDbBusyError);
    writeFileSync(lock, '999999999');
    await expect(importOsv(join(OSV_DIR, 'npm'), { dataDir })).resolves.toMatchObject({ records: 11 });
    expect(existsSync(lock)).toBe(false);
  });

  it('reports an absent database', () => {
    const dataDir = tempDir();
    expect(vulnDbStatus(dataDir)).toMatchObject({ present: false, records: 0 });
    expect(() => openVulnDb(dataDir)).toThrow(VulnDbUnavailableError);
  });
});
