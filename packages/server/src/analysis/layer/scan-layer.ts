import { createHash } from 'node:crypto';
import type { Transform } from 'node:stream';
import { CorruptLayerError, DecompressionBombError, LayerAnalysisError, LayerDigestMismatchError } from '../errors.js';
import { baseName, joinPath, normalizeEntryPath, parentPath } from '../fs/paths.js';
import { ImageBudget } from '../limits.js';
import { type Compression, compressionOf, sniffCompression } from './compression.js';
import { decompressInto, decompressorFor } from './decompress.js';
import type { TarEntryType } from './tar-header.js';
import { TarReader } from './tar-reader.js';
import type { ZstdBackend } from './zstd.js';

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
   * The source itself checks its bytes against `expectedDigest` and errors instead of ending when they differ (as
   * the registry client's blob streams do): the scan then relies on that check rather than hashing the compressed
   * bytes a second time. Ignored without `expectedDigest`.
   */
  sourceVerifiesDigest?: boolean;
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
 * media type when they disagree), hashes both forms (the compressed one unless the source verifies it), walks the
 * tar entries and buffers only wanted files. Memory stays bounded by the wanted files, never the layer. Enforces the
 * budget's limits as bytes arrive.
 */
export async function scanLayer(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: ScanLayerOptions,
): Promise<LayerScan> {
  const declared = compressionOf(options.mediaType);
  const budget = options.budget ?? new ImageBudget();
  const wants = options.wants ?? (() => false);
  const digestHash = options.expectedDigest && options.sourceVerifiesDigest ? undefined : createHash('sha256');
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
  let sourceDone = false;
  const iterator = source[Symbol.asyncIterator]();
  // Every compressed chunk passes here once: counted (for the expansion ratio) and hashed (for the digest).
  const next = async (): Promise<Buffer | undefined> => {
    let result: IteratorResult<Buffer | Uint8Array>;
    try {
      result = await iterator.next();
    } catch (error) {
      sourceError = error;
      throw error;
    }
    if (result.done) {
      sourceDone = true;
      return undefined;
    }
    const chunk = asBuffer(result.value);
    compressedBytes += chunk.length;
    digestHash?.update(chunk);
    return chunk;
  };
  // Stopping early (a limit, a corrupt tar) must release the source, e.g. an HTTP response body.
  let closed = false;
  const closeSource = async () => {
    if (closed || sourceDone) return;
    closed = true;
    await iterator.return?.();
  };

  const { maxExpansionRatio, ratioGraceBytes } = budget.limits;
  let decompressor: Transform | undefined;
  const onPlain = (chunk: Buffer) => {
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
  };
  try {
    const first = (await next()) ?? Buffer.alloc(0);
    scan.compression = sniffCompression(first) ?? declared;
    const decompression = decompressorFor(scan.compression, options.zstdBackend);
    decompressor = decompression?.stream;
    if (decompression) await decompressInto(decompression, first, next, onPlain);
    else for (let chunk: Buffer | undefined = first; chunk !== undefined; chunk = await next()) onPlain(chunk);
    reader.end();
  } catch (error) {
    decompressor?.destroy();
    // Not awaited: a source stalled inside next() must not hold up the error.
    if (error !== sourceError) closeSource().catch(() => {});
    if (error === sourceError || error instanceof LayerAnalysisError) throw error;
    throw new CorruptLayerError(error instanceof Error ? error.message : String(error), error);
  }

  scan.diffId = `sha256:${diffHash.digest('hex')}`;
  scan.digest = digestHash ? `sha256:${digestHash.digest('hex')}` : (options.expectedDigest as string);
  scan.compressedBytes = compressedBytes;
  scan.uncompressedBytes = uncompressedBytes;
  if (options.expectedDigest && options.expectedDigest !== scan.digest) {
    throw new LayerDigestMismatchError(options.expectedDigest, scan.digest);
  }
  return scan;
}

/** A chunk as a Buffer without copying its bytes. */
function asBuffer(chunk: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
