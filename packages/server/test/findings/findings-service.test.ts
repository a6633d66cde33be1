import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImagePackage } from '../../src/analysis/index.js';
import { FindingsService } from '../../src/findings/index.js';
import { type ImageRecord, SqliteFindingsStore, SqliteStore } from '../../src/store/index.js';
import { importOsv } from '../../src/vulndb/index.js';
import { LATER_LODASH_RECORD } from '../helpers/osv-records.js';
import { seedIntegration } from '../helpers/store-fixtures.js';

/** The real OSV records shared by the project. */
const OSV = fileURLToPath(new URL('../../../../../shared/fixtures/osv', import.meta.url));
const INTEGRATION = 'int_findings';
const LAYER = `sha256:${'1'.repeat(64)}`;

const lodash: ImagePackage = {
  type: 'npm',
  name: 'lodash',
  version: '4.17.15',
  purl: 'pkg:npm/lodash@4.17.15',
  licenses: ['MIT'],
  locations: ['/app/node_modules/lodash/package.json'],
  layer: LAYER,
  foundBy: 'npm-package-json',
};
const requests: ImagePackage = {
  type: 'pypi',
  name: 'requests',
  version: '2.30.0',
  purl: 'pkg:pypi/requests@2.30.0',
  licenses: ['Apache-2.0'],
  locations: ['/usr/lib/python3/dist-packages/requests-2.30.0.dist-info/METADATA'],
  layer: LAYER,
  foundBy: 'python-dist-info',
};

const image: ImageRecord = {
  integrationId: INTEGRATION,
  repository: 'app',
  digest: `sha256:${'a'.repeat(64)}`,
  indexDigest: null,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  platform: { os: 'linux', architecture: 'amd64' },
  layers: [{ digest: `sha256:${'2'.repeat(64)}`, diffId: LAYER, size: 1, mediaType: 'x' }] as never,
  created: null,
  labels: {},
};

describe('FindingsService: matching after analysis and re-matching on a database change', () => {
  let store: SqliteStore;
  let findings: SqliteFindingsStore;
  let dataDir: string;
  let service: FindingsService;
  let clock = 1_700_000_000_000;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scout-acr-findings-'));
    store = new SqliteStore(':memory:');
    await seedIntegration(store, INTEGRATION, 'r.azurecr.io');
    await store.upsertImage(image, 1);
    await store.saveImageAnalysis(
      image,
      { distro: undefined, packages: [lodash, requests], errors: [], durationMs: 1, layersRead: 1, layersCached: 0 },
      2,
    );
    findings = new SqliteFindingsStore(store.db);
    service = new FindingsService({
      store: findings,
      dataDir,
      logger: { info() {}, warn() {} } as never,
      now: () => clock++,
      pollMs: 0,
    });
  });

  afterEach(async () => {
    await service.stop();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const seq = () => findings.imageSeq(image) as number;
  const ids = () => findings.allFindings(seq()).map((f) => `${f.id} ${f.package.name} ${f.fixedVersions.join(',')}`);

  it('records an analysis without findings while no database exists, and says so in the summary', async () => {
    await service.start();
    expect(service.dbVersion).toBeNull();
    expect(service.status()).toMatchObject({ present: false, loadedAt: null });
    await service.onInventory(image, { packages: [lodash, requests], errors: [] });
    expect(findings.allFindings(seq())).toEqual([]);
    expect((await store.getImageAnalysis(image))?.matchedAt).toBeNull();
    const [entry] = findings.listHistory(seq(), undefined, 10);
    expect(entry).toMatchObject({ kind: 'analysis', dbVersion: null, counts: null, addedCount: 0 });
  });

  it('matches after analysis, re-matches every stored image on a new import, and records added and resolved', async () => {
    await importOsv([join(OSV, 'npm'), join(OSV, 'PyPI')], { dataDir });
    await service.start();
    const version = service.dbVersion;
    expect(version).toMatch(/^\d{4}-/);
    // The image was analyzed before the server loaded the database: loading it re-matched the stored packages.
    expect(ids()).toEqual(expect.arrayContaining(['CVE-2021-23337 lodash 4.17.21', 'CVE-2023-32681 requests 2.31.0']));
    const summary = await store.getImageAnalysis(image);
    expect(summary?.vulnDbVersion).toBe(version);
    expect(summary?.vulnerabilities).toMatchObject({ critical: expect.any(Number), high: expect.any(Number) });
    const total = Object.values(summary?.vulnerabilities ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(findings.allFindings(seq()).length);

    // A fresh analysis of the same packages adds nothing.
    await service.onInventory(image, { packages: [lodash, requests], errors: [] });
    const [analysis, first] = findings.listHistory(seq(), undefined, 10);
    expect(analysis).toMatchObject({ kind: 'analysis', dbVersion: version, addedCount: 0, resolvedCount: 0 });
    expect(first?.kind).toBe('rematch');
    expect(first?.added.map((r) => r.id)).toEqual(expect.arrayContaining(['CVE-2021-23337', 'CVE-2023-32681']));

    // Unchanged file: nothing to do.
    expect(await service.checkForUpdate()).toBe(false);
    // A restarted server loads the same database and does not re-match what was matched with it.
    const restarted = new FindingsService({
      store: findings,
      dataDir,
      logger: { info() {}, warn() {} } as never,
      now: () => clock++,
      pollMs: 0,
    });
    await restarted.start();
    await restarted.stop();
    expect(findings.listHistory(seq(), undefined, 10)).toHaveLength(2);

    // New data: npm gains a record, PyPI is dropped from the import.
    const extra = await mkdtemp(join(tmpdir(), 'scout-acr-osv-extra-'));
    try {
      await writeFile(join(extra, 'GHSA-test-test-test.json'), JSON.stringify(LATER_LODASH_RECORD));
      await importOsv([join(OSV, 'npm'), extra], { dataDir });
    } finally {
      await rm(extra, { recursive: true, force: true });
    }
    expect(await service.checkForUpdate()).toBe(true);
    expect(service.dbVersion).not.toBe(version);
    const [rematch] = findings.listHistory(seq(), undefined, 1);
    expect(rematch).toMatchObject({ kind: 'rematch', dbVersion: service.dbVersion, addedCount: 1 });
    expect(rematch?.added).toEqual([{ id: 'CVE-2099-0001', purl: lodash.purl, package: 'lodash', severity: 'high' }]);
    expect(rematch?.resolved.map((r) => r.id)).toContain('CVE-2023-32681');
    expect(ids()).toContain('CVE-2099-0001 lodash 4.17.99');
    expect(ids().some((id) => id.includes('requests'))).toBe(false);
  });

  it('filters findings by severity, fixability, package type and any id of the vulnerability', async () => {
    await importOsv([join(OSV, 'npm'), join(OSV, 'PyPI')], { dataDir });
    await service.start();
    const all = findings.allFindings(seq());
    const page = (q: Parameters<SqliteFindingsStore['listFindings']>[1]) =>
      findings.listFindings(seq(), q).map((f) => f.id);

    expect(page({ id: 'GHSA-35jh-r3h4-6jhm', limit: 10 })).toEqual(['CVE-2021-23337']);
    expect(page({ id: 'pysec-2023-74', limit: 10 })).toEqual(['CVE-2023-32681']);
    expect(page({ packageType: 'pypi', limit: 100 })).toEqual(
      all.filter((f) => f.package.type === 'pypi').map((f) => f.id),
    );
    expect(page({ severities: ['high', 'critical'], limit: 100 })).toEqual(
      all.filter((f) => f.severity === 'high' || f.severity === 'critical').map((f) => f.id),
    );
    expect(page({ fixable: false, limit: 100 })).toEqual(
      all.filter((f) => f.fixedVersions.length === 0).map((f) => f.id),
    );
    // Pages follow the stored order (worst first).
    const firstTwo = findings.listFindings(seq(), { limit: 2 });
    const next = findings.listFindings(seq(), { after: firstTwo[1]?.ord, limit: 100 });
    expect([...firstTwo, ...next].map((f) => f.id)).toEqual(all.map((f) => f.id));
  });
});
