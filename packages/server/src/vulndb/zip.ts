import { open } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { ZipFormatError } from './errors.js';

/** One file of a zip archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

interface CentralEntry {
  name: string;
  crc: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

type Handle = Awaited<ReturnType<typeof open>>;

async function readAt(fh: Handle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('unexpected end of file');
  return buf;
}

/** Finds the central directory (offset, size, count), following the zip64 locator when present. */
async function findCentralDirectory(fh: Handle, fileSize: number) {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(fh, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('no end of central directory record');
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  const locatorAt = at - 20;
  if (locatorAt >= 0 && tail.readUInt32LE(locatorAt) === EOCD64_LOCATOR) {
    const eocd64Offset = Number(tail.readBigUInt64LE(locatorAt + 8));
    const eocd64 = await readAt(fh, eocd64Offset, 56);
    if (eocd64.readUInt32LE(0) !== EOCD64) throw new ZipFormatError('bad zip64 end of central directory');
    count = Number(eocd64.readBigUInt64LE(32));
    size = Number(eocd64.readBigUInt64LE(40));
    offset = Number(eocd64.readBigUInt64LE(48));
  }
  if (offset + size > fileSize) throw new ZipFormatError('central directory beyond end of file');
  return { count, size, offset };
}

/** Applies the zip64 extended-information extra field to sizes and offsets stored as 0xffffffff. */
function applyZip64(extra: Buffer, entry: CentralEntry): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const next = () => {
        if (p + 8 > i + 4 + len) throw new ZipFormatError('short zip64 extra field');
        const v = Number(extra.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      return;
    }
    i += 4 + len;
  }
}

function parseCentralDirectory(dir: Buffer, count: number): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('bad central directory');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const entry: CentralEntry = {
      method: dir.readUInt16LE(p + 10),
      crc: dir.readUInt32LE(p + 16),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      localOffset: dir.readUInt32LE(p + 42),
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
    };
    applyZip64(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function readEntry(fh: Handle, entry: CentralEntry): Promise<Buffer> {
  if (entry.size > MAX_ENTRY_BYTES) throw new ZipFormatError(`${entry.name} is too large (${entry.size} bytes)`);
  const header = await readAt(fh, entry.localOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`bad local header for ${entry.name}`);
  const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = await readAt(fh, dataAt, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
    } catch {
      throw new ZipFormatError(`${entry.name}: corrupt deflate data`);
    }
  } else throw new ZipFormatError(`${entry.name}: unsupported compression method ${entry.method}`);
  if (data.length !== entry.size) throw new ZipFormatError(`${entry.name}: size mismatch`);
  if (crc32(data) !== entry.crc) throw new ZipFormatError(`${entry.name}: CRC-32 mismatch`);
  return data;
}

/**
 * Reads the files of a zip archive one at a time (OSV's `all.zip` holds one JSON record per file), without
 * loading the archive into memory. Supports stored and deflated entries and zip64, checks each entry's CRC-32; directories are skipped.
 * @throws ZipFormatError when the archive is malformed.
 */
export async function* readZipEntries(path: string): AsyncGenerator<ZipEntry> {
  const fh = await open(path, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const cd = await findCentralDirectory(fh, fileSize);
    const entries = parseCentralDirectory(await readAt(fh, cd.offset, cd.size), cd.count);
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      yield { name: entry.name, data: await readEntry(fh, entry) };
    }
  } finally {
    await fh.close();
  }
}
