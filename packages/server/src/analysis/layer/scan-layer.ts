import { createHash } from 'node:crypto';
import { pipeline, Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptLayerError, DecompressionBombError, LayerAnalysisError, LayerDigestMismatchError } from '../errors.js';
import { baseName, joinPath, normalizeEntryPath, parentPath } from '../fs/paths.js';
import { ImageBudget } from '../limits.js';
import { type Compression, compressionOf, sniffCompression } from './compression.js';
import type { TarEntryType } from './tar-header.js';
import { TarReader } from './tar-reader.js';
import { createZstdDecompressor, type ZstdBackend } from './zstd.js';

/** One entry of a layer (whiteout markers excluded), with its path normalized. */
export interface LayerEntry {
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  /** Symlinks: the target as stored. Hard links: the normalized root-relative path of the linked entry. */
  linkTarget?: string;
}

/** Decides, from cheap metadata only, whether a file's content must be buffered for a cataloger. */
export type WantsFile = (path: string, size: number, mode: number) => boolean;

export interface ScanLayerOptions {
  /** The layer's media type from the manifest. */
  mediaType: string;
  /** Which regular files to buffer (default: none). */
  wants?: WantsFile;
  /** Running totals of the image this layer belongs to (default: a fresh budget with default limits). */
  budget?: ImageBudget;
  /** When given, the compressed bytes must hash to this `sha256:` digest. */
  expectedDigest?: string;
  /**
   * Receives each wanted file as soon as it is read, instead of keeping it in {@link LayerScan.files}: memory
   * then holds one wanted file at a time (catalogers run here when building per-layer inventories).
   */
  onFile?: (path: string, content: Buffer) => void;
  /** Force a zstd implementation (tests and benchmarks). */
  zstdBackend?: ZstdBackend;
}

/** What one streaming pass over a layer learned. */
export interface LayerScan {
  /** `sha256:` of the uncompressed tar: the layer's identity for caching. */
  diffId: string;
  /** `sha256:` of the bytes as read (the manifest's layer digest). */
  digest: string;
  compression: Compression;
  compressedBytes: number;
  uncompressedBytes: number;
  /** Entries in archive order (a later duplicate of a path wins). */
  entries: LayerEntry[];
  /** Paths this layer deletes from lower layers (`.wh.<name>` markers). */
  whiteouts: string[];
  /** Directories whose lower-layer contents this layer hides (`.wh..wh..opq` markers). */
  opaqueDirs: string[];
  /** Contents of the files `wants` selected, by path (empty when `onFile` consumed them). */
  files: Map<string, Buffer>;
}

/**
 * Reads one layer in a single streaming pass: decompresses it (gzip, zstd or none, trusting the bytes over the
 * media type when they disagree), hashes both forms, walks the tar entries and buffers only wanted files.
 * Memory stays bounded by the wanted files, never the layer. Enforces the budget's limits as bytes arrive.
 */
export async function scanLayer(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: ScanLayerOptions,
): Promise<LayerScan> {
  const declared = compressionOf(options.mediaType);
  const budget = options.budget ?? new ImageBudget();
  const wants = options.wants ?? (() => false);
  const digestHash = createHash('sha256');
  const diffHash = createHash('sha256');
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  const scan: LayerScan = {
    diffId: '',
    digest: '',
    compression: declared,
    compressedBytes: 0,
    uncompressedBytes: 0,
    entries: [],
    whiteouts: [],
    opaqueDirs: [],
    files: new Map(),
  };

  let capturePath = '';
  const reader = new TarReader({
    onEntry(header) {
      budget.addFile();
      const path = normalizeEntryPath(header.name);
      if (path === '') return false;
      const name = baseName(path);
      if (name.startsWith('.wh.')) {
        if (name === '.wh..wh..opq') scan.opaqueDirs.push(parentPath(path));
        else if (!name.startsWith('.wh..wh.')) scan.whiteouts.push(joinPath(parentPath(path), name.slice(4)));
        return false;
      }
      const entry: LayerEntry = { path, type: header.type, size: header.size, mode: header.mode };
      if (header.type === 'hardlink') {
        entry.linkTarget = normalizeEntryPath(header.linkName);
        const content = scan.files.get(entry.linkTarget);
        if (content && wants(path, content.length, header.mode)) scan.files.set(path, content);
      } else if (header.type === 'symlink') entry.linkTarget = header.linkName;
      scan.entries.push(entry);
      if (header.type !== 'file' || !wants(path, header.size, header.mode)) return false;
      capturePath = path;
      return true;
    },
    onBody(_header, body) {
      if (options.onFile) options.onFile(capturePath, body);
      else scan.files.set(capturePath, body);
    },
  });

  let sourceError: unknown;
  const iterator = source[Symbol.asyncIterator]();
  const next = async () => {
    try {
      return await iterator.next();
    } catch (error) {
      sourceError = error;
      throw error;
    }
  };
  let closed = false;
  // Stopping early (a limit, a corrupt tar) must release the source, e.g. an HTTP response body.
  const closeSource = async () => {
    if (closed) return;
    closed = true;
    await iterator.return?.();
  };
  const first = await next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  scan.compression = sniffCompression(head) ?? declared;
  async function* compressed(): AsyncGenerator<Buffer> {
    let chunk: Buffer | undefined = first.done ? undefined : head;
    try {
      while (chunk) {
        compressedBytes += chunk.length;
        digestHash.update(chunk);
        yield chunk;
        const result = await next();
        chunk = result.done ? undefined : Buffer.from(result.value);
      }
    } finally {
      if (chunk) await closeSource();
    }
  }

  const decompressor = decompressorFor(scan.compression, options.zstdBackend);
  const plain: AsyncIterable<Buffer> = decompressor
    ? pipeline(Readable.from(compressed()), decompressor, () => {})
    : compressed();
  const { maxExpansionRatio, ratioGraceBytes } = budget.limits;
  try {
    for await (const chunk of plain) {
      uncompressedBytes += chunk.length;
      budget.addBytes(chunk.length);
      if (
        decompressor &&
        uncompressedBytes > ratioGraceBytes &&
        uncompressedBytes > maxExpansionRatio * compressedBytes
      ) {
        throw new DecompressionBombError(compressedBytes, uncompressedBytes, maxExpansionRatio);
      }
      diffHash.update(chunk);
      reader.push(chunk);
    }
    reader.end();
  } catch (error) {
    decompressor?.destroy();
    // Not awaited: a source stalled inside next() must not hold up the error.
    if (error !== sourceError) closeSource().catch(() => {});
    if (error === sourceError || error instanceof LayerAnalysisError) throw error;
    throw new CorruptLayerError(error instanceof Error ? error.message : String(error), error);
  }

  scan.digest = `sha256:${digestHash.digest('hex')}`;
  scan.diffId = `sha256:${diffHash.digest('hex')}`;
  scan.compressedBytes = compressedBytes;
  scan.uncompressedBytes = uncompressedBytes;
  if (options.expectedDigest && options.expectedDigest !== scan.digest) {
    throw new LayerDigestMismatchError(options.expectedDigest, scan.digest);
  }
  return scan;
}

function decompressorFor(compression: Compression, zstdBackend?: ZstdBackend): Transform | undefined {
  if (compression === 'gzip') return createGunzip({ chunkSize: 64 * 1024 });
  if (compression === 'zstd') return createZstdDecompressor(zstdBackend);
  return undefined;
}
