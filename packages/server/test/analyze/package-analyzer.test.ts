import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { DigestVerifier } from '@scout-acr/sdk/registry';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DiffIdMismatchError } from '../../src/analyze/errors.js';
import { createAnalysisMetrics, PackageAnalyzer } from '../../src/analyze/index.js';
import { PermanentJobError } from '../../src/jobs/worker.js';
import type { RegistryGateway } from '../../src/registry/gateway.js';
import { type ImageRecord, SqliteStore } from '../../src/store/index.js';
import { buildLayerTar, chunked, GZIP_LAYER, gzip, Scratch, sha256, TAR_LAYER } from '../analysis/helpers/layers.js';
import { seedIntegration } from '../helpers/store-fixtures.js';
import {
  DEBIAN_OS_RELEASE,
  dpkgField,
  dpkgStanzas,
  lodashPackageJson,
  pythonMetadata,
} from './helpers/real-packages.js';

const INTEGRATION = 'int_analyze';
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** A layer as the registry holds it: its blob bytes, digest and diffID. */
interface Blob {
  digest: string;
  diffId: string;
  bytes: Buffer;
  mediaType: string;
}

function gzipLayer(tar: Buffer): Blob {
  const bytes = gzip(tar);
  return { digest: sha256(bytes), diffId: sha256(tar), bytes, mediaType: GZIP_LAYER };
}

/**
 * A gateway over in-memory blobs that streams them in small chunks, digest-verified as the real gateway's are
 * (the SDK's verifier), and counts the blobs read.
 */
function blobGateway(blobs: Blob[], reads: string[], failWith?: () => Error): RegistryGateway {
  const byDigest = new Map(blobs.map((b) => [b.digest, b]));
  const unused = async () => {
    throw new Error('not used');
  };
  return {
    checkAccess: unused,
    catalog: unused,
    newestTag: unused,
    manifest: unused,
    blobJson: unused,
    async blobStream(_repository, digest) {
      if (failWith) throw failWith();
      const blob = byDigest.get(digest);
      if (!blob) throw Object.assign(new Error(`blob ${digest} not found`), { code: 'NotFound' });
      reads.push(digest);
      return pipeline(Readable.from(chunked(blob.bytes, 4096)), new DigestVerifier('test', digest), () => {});
    },
  };
}

function imageOf(digest: string, layers: Blob[], diffIds?: string[]): ImageRecord {
  return {
    integrationId: INTEGRATION,
    repository: 'shop/api',
    digest,
    indexDigest: null,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    platform: { os: 'linux', architecture: 'amd64' },
    layers: layers.map((l, i) => ({
      digest: l.digest,
      diffId: diffIds ? (diffIds[i] ?? null) : l.diffId,
      size: l.bytes.length,
      mediaType: l.mediaType,
    })),
    created: null,
    labels: {},
  };
}

const python = pythonMetadata();
const lodash = lodashPackageJson();
const base = gzipLayer(
  buildLayerTar(scratch, {
    'etc/os-release': DEBIAN_OS_RELEASE,
    'var/lib/dpkg/status': dpkgStanzas(['libgnutls30', 'libc6']),
  }),
);
const apps = gzipLayer(
  buildLayerTar(scratch, {
    'app/node_modules/lodash/package.json': lodash.content,
    [`usr/lib/python3/dist-packages/${python.distInfo}/METADATA`]: python.content,
  }),
);
const extra = gzipLayer(buildLayerTar(scratch, { 'srv/readme.txt': 'hello\n' }));

describe('PackageAnalyzer', () => {
  let store: SqliteStore;
  let metrics: ReturnType<typeof createAnalysisMetrics>;
  let analyzer: PackageAnalyzer;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await seedIntegration(store, INTEGRATION, 'r.azurecr.io');
    metrics = createAnalysisMetrics();
    analyzer = new PackageAnalyzer({
      store,
      metrics,
      logger: { info() {}, warn() {} } as never,
      now: () => 1_700_000_000_000,
    });
  });

  async function analyze(image: ImageRecord, gateway: RegistryGateway) {
    await store.upsertImage(image, 1);
    await analyzer.analyze(image, { gateway, signal });
  }

  it('stores the distro and every package with purl, source, licenses, locations and layer', async () => {
    const reads: string[] = [];
    const image = imageOf(`sha256:${'a'.repeat(64)}`, [base, apps]);
    await analyze(image, blobGateway([base, apps], reads));

    const [row] = await store.listImages(INTEGRATION, 'shop/api', false, { limit: 10 });
    expect(row?.status).toBe('ANALYZED');
    expect(row?.analysis).toMatchObject({
      analyzedAt: 1_700_000_000_000,
      distro: { id: 'debian', versionId: '12', codename: 'bookworm' },
      packageCount: 4,
      layersRead: 2,
      layersCached: 0,
      error: null,
    });
    const packages = (await store.listImagePackages(image, { limit: 100 })) ?? [];
    const gnutls = packages.find((p) => p.name === 'libgnutls30');
    const version = dpkgField('libgnutls30', 'Version') as string;
    expect(gnutls).toMatchObject({
      type: 'deb',
      version,
      purl: `pkg:deb/debian/libgnutls30@${encodeURIComponent(version)}?arch=amd64&distro=debian-12`,
      source: { name: 'gnutls28' },
      locations: ['/var/lib/dpkg/status'],
      layer: base.diffId,
    });
    expect(packages.find((p) => p.type === 'npm')).toMatchObject({
      name: 'lodash',
      version: lodash.version,
      purl: `pkg:npm/lodash@${lodash.version}`,
      licenses: ['MIT'],
      locations: ['/app/node_modules/lodash/package.json'],
      layer: apps.diffId,
    });
    expect(packages.find((p) => p.type === 'pypi')).toMatchObject({
      name: python.name,
      version: python.version,
      purl: `pkg:pypi/${python.name.toLowerCase()}@${python.version}`,
      layer: apps.diffId,
    });
    expect(metrics.layers.get({ source: 'read' })).toBe(2);
  });

  it('reads only the layers it has not seen: a shared base layer comes from the cache', async () => {
    const reads: string[] = [];
    const gateway = blobGateway([base, apps, extra], reads);
    await analyze(imageOf(`sha256:${'a'.repeat(64)}`, [base, apps]), gateway);
    // Another repository and another integration would reuse it the same way: the cache is keyed by content.
    await analyze(imageOf(`sha256:${'b'.repeat(64)}`, [base, extra]), gateway);

    expect(reads).toEqual([base.digest, apps.digest, extra.digest]);
    expect(metrics.layers.get({ source: 'cached' })).toBe(1);
    expect(await store.countCachedLayers()).toBe(3);
    const second = await store.getImageAnalysis({
      integrationId: INTEGRATION,
      repository: 'shop/api',
      digest: `sha256:${'b'.repeat(64)}`,
    });
    expect(second).toMatchObject({ layersRead: 1, layersCached: 1, packageCount: 2 });
  });

  it('pages packages by type and name, and filters by type and name substring', async () => {
    const image = imageOf(`sha256:${'a'.repeat(64)}`, [base, apps]);
    await analyze(image, blobGateway([base, apps], []));
    const first = (await store.listImagePackages(image, { limit: 2 })) ?? [];
    const rest = (await store.listImagePackages(image, { limit: 10, after: first[1]?.ord })) ?? [];
    expect([...first, ...rest].map((p) => `${p.type}:${p.name}`)).toEqual([
      'deb:libc6',
      'deb:libgnutls30',
      'npm:lodash',
      `pypi:${python.name}`,
    ]);
    expect((await store.listImagePackages(image, { limit: 10, type: 'deb' }))?.map((p) => p.name)).toEqual([
      'libc6',
      'libgnutls30',
    ]);
    expect((await store.listImagePackages(image, { limit: 10, name: 'GNUTLS' }))?.map((p) => p.name)).toEqual([
      'libgnutls30',
    ]);
  });

  it('a corrupt layer ends the analysis with a permanent CorruptLayer reason', async () => {
    const bytes = Buffer.from(base.bytes);
    bytes.fill(0x41, 40, 400); // damage the deflate stream; the digest is of the damaged bytes
    const corrupt: Blob = { ...base, bytes, digest: sha256(bytes) };
    const image = imageOf(`sha256:${'c'.repeat(64)}`, [corrupt]);
    const failure = await analyze(image, blobGateway([corrupt], [])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect((failure as Error).message).toMatch(/^CorruptLayer: corrupt layer/);
    expect(await store.getImageAnalysis(image)).toMatchObject({
      analyzedAt: null,
      errorPermanent: true,
      error: expect.stringMatching(/^CorruptLayer:/),
    });
    expect(metrics.analyses.get({ outcome: 'failed', code: 'CorruptLayer' })).toBe(1);
    expect(await store.countCachedLayers()).toBe(0);
  });

  it('a blob whose bytes do not match its digest is a permanent LayerDigestMismatch', async () => {
    const lying: Blob = { ...apps, digest: sha256(Buffer.from('something else')) };
    const image = imageOf(`sha256:${'d'.repeat(64)}`, [lying]);
    const failure = await analyze(image, blobGateway([lying], [])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect((failure as Error).message).toMatch(/^LayerDigestMismatch:/);
  });

  it('a path-escaping tar entry is a permanent PathEscape failure', async () => {
    const dir = scratch.path('escape', 'inner');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(scratch.path('escape', 'victim'), 'x');
    const tar = execFileSync('tar', ['-cPf', '-', '../victim'], { cwd: dir });
    const hostile: Blob = { digest: sha256(tar), diffId: sha256(tar), bytes: tar, mediaType: TAR_LAYER };
    const failure = await analyze(imageOf(`sha256:${'e'.repeat(64)}`, [hostile]), blobGateway([hostile], [])).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect((failure as Error).message).toMatch(/^PathEscape:/);
  });

  it('a decompression bomb is a permanent DecompressionBomb failure, within the configured limits', async () => {
    const tar = buildLayerTar(scratch, { 'zeros.bin': Buffer.alloc(4 * 1024 * 1024) });
    const bomb = gzipLayer(tar);
    const strict = new PackageAnalyzer({
      store,
      metrics,
      logger: { info() {}, warn() {} } as never,
      now: () => 0,
      limits: { ratioGraceBytes: 64 * 1024, maxExpansionRatio: 50 },
    });
    const image = imageOf(`sha256:${'8'.repeat(64)}`, [bomb]);
    await store.upsertImage(image, 1);
    const failure = await strict.analyze(image, { gateway: blobGateway([bomb], []), signal }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect((failure as Error).message).toMatch(/^DecompressionBomb:/);
    expect(await store.getImageAnalysis(image)).toMatchObject({ errorPermanent: true });
  });

  it('refuses a config whose diff_ids name other layers, even when the layer is cached', async () => {
    await analyze(imageOf(`sha256:${'a'.repeat(64)}`, [base]), blobGateway([base], []));
    const forged = imageOf(`sha256:${'f'.repeat(64)}`, [base], [extra.diffId]);
    const failure = await analyze(forged, blobGateway([base], [])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect((failure as Error).message).toContain(
      new DiffIdMismatchError(base.digest, extra.diffId, base.diffId).message,
    );
  });

  it('registry trouble is transient: the job retries, and a later success clears the error', async () => {
    const image = imageOf(`sha256:${'9'.repeat(64)}`, [base]);
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const failure = await analyze(image, blobGateway([base], [], reset)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentJobError);
    expect(await store.getImageAnalysis(image)).toMatchObject({
      error: 'ECONNRESET: socket hang up',
      errorPermanent: false,
    });
    await analyze(image, blobGateway([base], []));
    expect(await store.getImageAnalysis(image)).toMatchObject({ error: null, packageCount: 2 });
  });
});
