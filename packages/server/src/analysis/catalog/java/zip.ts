import { inflateRawSync } from 'node:zlib';

/** One member of a zip archive, as listed by its central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

/** Limits reading untrusted archives. */
export interface ZipLimits {
  /** Central directory entries (default 200,000). */
  maxEntries: number;
  /** Bytes one extracted member may have (default 64 MiB). */
  maxEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxEntryBytes: 64 * 1024 * 1024 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists a zip archive held in memory from its central directory (found through the end-of-central-directory
 * record, which may be followed by a comment). ZIP64 archives are read through their ZIP64 EOCD.
 */
export function listZip(data: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const searchFrom = Math.max(0, data.length - 22 - 65_535);
  let eocd = -1;
  for (let i = data.length - 22; i >= searchFrom; i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory record');
  let count = data.readUInt16LE(eocd + 10);
  let cdOffset = data.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || data.readUInt32LE(locator) !== 0x07064b50) throw new ZipError('missing ZIP64 locator');
    const zip64 = Number(data.readBigUInt64LE(locator + 8));
    if (zip64 + 56 > data.length || data.readUInt32LE(zip64) !== 0x06064b50) throw new ZipError('bad ZIP64 record');
    count = Number(data.readBigUInt64LE(zip64 + 32));
    cdOffset = Number(data.readBigUInt64LE(zip64 + 48));
  }
  if (count > limits.maxEntries) throw new ZipError(`archive lists more than ${limits.maxEntries} entries`);
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL) throw new ZipError('corrupt central directory');
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    entries.push({
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      uncompressedSize: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Extracts one member (stored or deflated), refusing members larger than the limit. */
export function readZipEntry(data: Buffer, entry: ZipEntry, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL)
    throw new ZipError(`bad local header for ${entry.name}`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > data.length) throw new ZipError(`${entry.name} runs past the end of the archive`);
  const raw = data.subarray(start, end);
  if (entry.method === 0) {
    if (raw.length > limits.maxEntryBytes) throw new ZipError(`${entry.name} exceeds ${limits.maxEntryBytes} bytes`);
    return raw;
  }
  if (entry.method !== 8) throw new ZipError(`${entry.name} uses unsupported compression method ${entry.method}`);
  try {
    // maxOutputLength stops a zip bomb member at the limit instead of inflating it whole.
    return inflateRawSync(raw, { maxOutputLength: limits.maxEntryBytes });
  } catch (error) {
    throw new ZipError(`${entry.name}: ${(error as Error).message}`);
  }
}
