import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { DigestMismatchError, DigestVerifier } from '@scout-acr/sdk/registry';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  CorruptLayerError,
  DecompressionBombError,
  ImageBudget,
  ImageTooLargeError,
  LayerDigestMismatchError,
  PathEscapeError,
  scanLayer,
  TooManyFilesError,
  UnsupportedLayerMediaTypeError,
} from '../../src/analysis/index.js';
import {
  buildLayerTar,
  chunked,
  DOCKER_GZIP_LAYER,
  fileStream,
  GZIP_LAYER,
  gzip,
  Scratch,
  sha256,
  TAR_LAYER,
  ZSTD_LAYER,
  zstd,
} from './helpers/layers.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const longDir = `${'deep-directory-name/'.repeat(8)}ünïcode-dïr`;
const spec = {
  'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
  [`${longDir}/${'f'.repeat(120)}.txt`]: 'long name body',
  'usr/bin/tool': 'binary',
  'usr/bin/tool-link': { hardlink: 'usr/bin/tool' },
  'usr/lib/os-release': { symlink: '../../etc/os-release' },
  'var/empty': { dir: true as const },
};

describe('scanLayer', () => {
  for (const format of ['gnu', 'posix', 'ustar'] as const) {
    it(`walks a ${format} tar from GNU tar: long names, links, dirs`, async () => {
      // ustar has no long names, only a 155-byte prefix + 100-byte name split.
      const name =
        format === 'ustar' ? `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt` : `${longDir}/${'f'.repeat(120)}.txt`;
      const { [`${longDir}/${'f'.repeat(120)}.txt`]: _long, ...base } = spec;
      const tar = buildLayerTar(scratch, { ...base, [name]: 'long name body' }, format);
      const scan = await scanLayer(chunked(tar), {
        mediaType: TAR_LAYER,
        wants: (path) => path.endsWith('.txt') || path.includes('os-release') || path.startsWith('usr/bin/'),
      });
      const byPath = new Map(scan.entries.map((e) => [e.path, e]));
      expect(byPath.get(name)?.type).toBe('file');
      expect(scan.files.get(name)?.toString()).toBe('long name body');
      expect(byPath.get('usr/lib/os-release')).toMatchObject({ type: 'symlink', linkTarget: '../../etc/os-release' });
      expect(byPath.get('usr/bin/tool-link')).toMatchObject({ type: 'hardlink', linkTarget: 'usr/bin/tool' });
      // The hard link shares the content of its target, which tar stores only once.
      expect(scan.files.get('usr/bin/tool-link')?.toString()).toBe('binary');
      expect(byPath.get('var/empty')?.type).toBe('dir');
      expect(scan.diffId).toBe(sha256(tar));
      expect(scan.uncompressedBytes).toBe(tar.length);
    });
  }

  it('reads gzip, zstd (native and pure-JS) and plain layers to the same diffID', async () => {
    const tar = buildLayerTar(scratch, spec);
    const gz = gzip(tar);
    const zs = zstd(tar);
    const results = await Promise.all([
      scanLayer(chunked(gz), { mediaType: GZIP_LAYER, expectedDigest: sha256(gz) }),
      scanLayer(chunked(zs), { mediaType: ZSTD_LAYER, zstdBackend: 'native', expectedDigest: sha256(zs) }),
      scanLayer(chunked(zs), { mediaType: ZSTD_LAYER, zstdBackend: 'js' }),
      scanLayer(chunked(tar), { mediaType: TAR_LAYER }),
    ]);
    expect(results.map((r) => r.compression)).toEqual(['gzip', 'zstd', 'zstd', 'none']);
    for (const r of results) {
      expect(r.diffId).toBe(sha256(tar));
      expect(r.entries.map((e) => e.path)).toEqual(results[3]!.entries.map((e) => e.path));
    }
    expect(results[0]!.digest).toBe(sha256(gz));
    expect(results[0]!.compressedBytes).toBe(gz.length);
  });

  it('relies on a digest-verifying source when told to, and passes its mismatch error through', async () => {
    const tar = buildLayerTar(scratch, spec);
    const gz = gzip(tar);
    const trusted = await scanLayer(chunked(gz), {
      mediaType: GZIP_LAYER,
      expectedDigest: sha256(gz),
      sourceVerifiesDigest: true,
    });
    expect(trusted.digest).toBe(sha256(gz));
    expect(trusted.diffId).toBe(sha256(tar));
    // The SDK's verifier (what RegistryClient.getBlob returns) errors at the end instead of ending.
    const wrong = sha256(Buffer.from('another blob'));
    const verified = pipeline(Readable.from(chunked(gz)), new DigestVerifier('registry.test', wrong), () => {});
    const error = await scanLayer(verified, {
      mediaType: GZIP_LAYER,
      expectedDigest: wrong,
      sourceVerifiesDigest: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    // With no digest to rely on, the scan hashes the bytes itself.
    const unhinted = await scanLayer(chunked(gz), { mediaType: GZIP_LAYER, sourceVerifiesDigest: true });
    expect(unhinted.digest).toBe(sha256(gz));
  });

  it('streams a large real layer from disk and matches the tar CLI listing', async () => {
    const tarPath = scratch.path('doc.tar');
    execFileSync('sh', ['-c', `cd /usr/share && tar --create --format=posix --file '${tarPath}' doc/[a-c]*`]);
    const gzPath = scratch.path('doc.tar.gz');
    execFileSync('sh', ['-c', `gzip -1 -c '${tarPath}' > '${gzPath}'`]);
    const scan = await scanLayer(fileStream(gzPath), { mediaType: DOCKER_GZIP_LAYER });
    const listed = execFileSync('tar', ['--list', '--file', tarPath], { maxBuffer: 1 << 28 })
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/\/$/, ''));
    expect(scan.entries.map((e) => e.path)).toEqual(listed);
    expect(scan.diffId).toBe(sha256(execFileSync('cat', [tarPath], { maxBuffer: 1 << 30 })));
  });

  it('trusts the bytes over a wrong media type', async () => {
    const tar = buildLayerTar(scratch, spec);
    const scan = await scanLayer(chunked(tar), { mediaType: GZIP_LAYER });
    expect(scan.compression).toBe('none');
    expect(scan.diffId).toBe(sha256(tar));
  });

  it('records whiteouts and opaque directories instead of entries', async () => {
    const tar = buildLayerTar(scratch, {
      'app/.wh.node_modules': '',
      'etc/.wh..wh..opq': '',
      'etc/hosts': 'x',
      'root/.wh..wh.plnk': '', // aufs bookkeeping: ignored
    });
    const scan = await scanLayer(chunked(tar), { mediaType: TAR_LAYER });
    expect(scan.whiteouts).toEqual(['app/node_modules']);
    expect(scan.opaqueDirs).toEqual(['etc']);
    expect(scan.entries.map((e) => e.path)).toEqual(['etc/hosts']);
  });

  it('rejects entries that climb out of the root', async () => {
    const dir = scratch.path('escape', 'inner');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(scratch.path('escape', 'victim'), 'x');
    // -P keeps the "../" that tar would otherwise strip: this is what a hostile layer looks like.
    const tar = execFileSync('tar', ['-cPf', '-', '../victim'], { cwd: dir });
    await expect(scanLayer(chunked(tar), { mediaType: TAR_LAYER })).rejects.toBeInstanceOf(PathEscapeError);
  });

  it('rejects a hard link whose target escapes the root', async () => {
    const dir = scratch.path('hl');
    execFileSync('mkdir', ['-p', `${dir}/a`]);
    writeFileSync(`${dir}/a/f`, 'x');
    execFileSync('ln', [`${dir}/a/f`, `${dir}/a/g`]);
    // Members keep their names ("RS" flags); only the hard link's target becomes "../../etc/shadow".
    const tar = execFileSync('tar', ['-cPf', '-', '--transform', 's,^a/f$,../../etc/shadow,RS', 'a/f', 'a/g'], {
      cwd: dir,
    });
    expect(tar.includes('../../etc/shadow')).toBe(true);
    await expect(scanLayer(chunked(tar), { mediaType: TAR_LAYER })).rejects.toBeInstanceOf(PathEscapeError);
  });

  it('stops a decompression bomb (100 MB of zeros in a ~100 KB gzip) with the default limits', async () => {
    execFileSync('mkdir', ['-p', scratch.path('bomb')]);
    execFileSync('truncate', ['-s', '100M', scratch.path('bomb', 'zeros')]);
    const gz = execFileSync('sh', ['-c', `tar -cf - -C '${scratch.path('bomb')}' zeros | gzip -9`], {
      maxBuffer: 1 << 24,
    });
    expect(gz.length).toBeLessThan(200_000);
    const error = await scanLayer(chunked(gz, 64 * 1024), { mediaType: GZIP_LAYER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecompressionBombError);
    expect((error as DecompressionBombError).code).toBe('DecompressionBomb');
    expect((error as DecompressionBombError).uncompressedBytes).toBeLessThan(100_000_000);
  });

  it('enforces the per-image byte and file limits across layers', async () => {
    const tar = buildLayerTar(scratch, { a: 'x'.repeat(10_000), b: 'y', c: 'z' });
    const bytes = new ImageBudget({ maxImageBytes: tar.length + 100 });
    await scanLayer(chunked(tar), { mediaType: TAR_LAYER, budget: bytes });
    await expect(scanLayer(chunked(tar), { mediaType: TAR_LAYER, budget: bytes })).rejects.toBeInstanceOf(
      ImageTooLargeError,
    );
    const files = new ImageBudget({ maxFiles: 4 });
    await scanLayer(chunked(tar), { mediaType: TAR_LAYER, budget: files });
    await expect(scanLayer(chunked(tar), { mediaType: TAR_LAYER, budget: files })).rejects.toBeInstanceOf(
      TooManyFilesError,
    );
  });

  it('reports corrupt input with typed errors', async () => {
    const tar = buildLayerTar(scratch, spec);
    const gz = gzip(tar);
    const corrupt = Buffer.from(tar);
    corrupt[0] = corrupt[0]! ^ 0xff; // breaks the first header's checksum
    await expect(scanLayer(chunked(corrupt), { mediaType: TAR_LAYER })).rejects.toBeInstanceOf(CorruptLayerError);
    await expect(scanLayer(chunked(gz.subarray(0, gz.length / 2)), { mediaType: GZIP_LAYER })).rejects.toBeInstanceOf(
      CorruptLayerError,
    );
    const zs = zstd(tar);
    for (const backend of ['native', 'js'] as const) {
      await expect(
        scanLayer(chunked(zs.subarray(0, zs.length - 10)), { mediaType: ZSTD_LAYER, zstdBackend: backend }),
      ).rejects.toBeInstanceOf(CorruptLayerError);
    }
    await expect(scanLayer(chunked(tar.subarray(0, 700)), { mediaType: TAR_LAYER })).rejects.toThrow(/truncated/);
    await expect(
      scanLayer(chunked(tar), { mediaType: 'application/vnd.oci.image.config.v1+json' }),
    ).rejects.toBeInstanceOf(UnsupportedLayerMediaTypeError);
    await expect(scanLayer(chunked(gz), { mediaType: GZIP_LAYER, expectedDigest: sha256(tar) })).rejects.toBeInstanceOf(
      LayerDigestMismatchError,
    );
  });

  it('releases the source when it stops early', async () => {
    const tar = buildLayerTar(scratch, { a: 'first', b: randomBytes(300_000), c: randomBytes(300_000) });
    for (const [data, mediaType] of [
      [gzip(tar), GZIP_LAYER],
      [tar, TAR_LAYER],
    ] as const) {
      let released = false;
      let read = 0;
      async function* source() {
        try {
          for await (const chunk of chunked(data, 256)) {
            read += chunk.length;
            yield chunk;
          }
        } finally {
          released = true;
        }
      }
      const budget = new ImageBudget({ maxFiles: 1 });
      await expect(scanLayer(source(), { mediaType, budget })).rejects.toBeInstanceOf(TooManyFilesError);
      expect(read).toBeLessThan(data.length);
      await vi.waitFor(() => expect(released).toBe(true));
    }
  });

  it('passes source errors through untouched (they may be transient network failures)', async () => {
    const failure = new Error('socket hang up');
    async function* failing() {
      yield gzip(buildLayerTar(scratch, spec)).subarray(0, 100);
      throw failure;
    }
    await expect(scanLayer(failing(), { mediaType: GZIP_LAYER })).rejects.toBe(failure);
  });
});
