import { CorruptLayerError } from '../errors.js';

/** What a tar entry is, reduced to what an image file system needs. */
export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** One decoded tar header, with PAX and GNU long-name overrides already applied. */
export interface TarHeader {
  /** The raw entry name, as stored (not yet normalized). */
  name: string;
  type: TarEntryType;
  /** Size of the entry's body in the archive. */
  size: number;
  mode: number;
  /** Target of a symlink or hard link, as stored. */
  linkName: string;
}

/** Raw fields of a 512-byte header block before extended headers are applied. */
export interface RawTarHeader extends TarHeader {
  typeflag: string;
}

export const BLOCK = 512;
const utf8 = new TextDecoder('utf-8');

/**
 * A NUL-terminated field. Nearly every name is ASCII, which decodes without the UTF-8 decoder; the rest go through
 * it (invalid bytes become U+FFFD).
 */
function cString(block: Buffer, offset: number, length: number): string {
  const limit = offset + length;
  let end = offset;
  let high = 0;
  for (; end < limit; end++) {
    const c = block[end]!;
    if (c === 0) break;
    high |= c;
  }
  if (end === offset) return '';
  return high < 0x80 ? block.toString('latin1', offset, end) : utf8.decode(block.subarray(offset, end));
}

/** Decodes an octal numeric field, or GNU base-256 when the high bit of the first byte is set. */
export function readNumber(block: Buffer, offset: number, length: number): number {
  const first = block[offset] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw new CorruptLayerError('negative base-256 number in tar header');
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (block[offset + i] ?? 0);
    if (!Number.isSafeInteger(value)) throw new CorruptLayerError('tar number too large');
    return value;
  }
  let value = 0;
  let seen = false;
  for (let i = offset; i < offset + length; i++) {
    const c = block[i] ?? 0;
    if (c === 0 || c === 32) {
      if (seen) break;
      continue;
    }
    if (c < 48 || c > 55) throw new CorruptLayerError('invalid octal digit in tar header');
    value = value * 8 + (c - 48);
    seen = true;
  }
  return value;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
    case 'S': // GNU sparse: treated as a regular file; its body is not the file's real layout
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'dir';
    default:
      return 'other';
  }
}

/** True when all 512 bytes are zero (the end-of-archive marker). */
export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decodes one header block, verifying its checksum. */
export function decodeHeader(block: Buffer): RawTarHeader {
  const stored = readNumber(block, 148, 8);
  let sum = 8 * 32; // the checksum field itself counts as spaces
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  if (sum !== stored) throw new CorruptLayerError('tar header checksum mismatch');
  const typeflag = String.fromCharCode(block[156]!);
  let name = cString(block, 0, 100);
  // POSIX ustar ("ustar\0") splits long names into prefix + name; GNU ("ustar  \0") uses those bytes otherwise.
  if (isPosixUstar(block)) {
    const prefix = cString(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    typeflag,
    type: typeOf(typeflag),
    size: readNumber(block, 124, 12),
    mode: readNumber(block, 100, 8),
    linkName: cString(block, 157, 100),
  };
}

/** The magic "ustar\0" at offset 257. */
function isPosixUstar(block: Buffer): boolean {
  return (
    block[257] === 0x75 &&
    block[258] === 0x73 &&
    block[259] === 0x74 &&
    block[260] === 0x61 &&
    block[261] === 0x72 &&
    block[262] === 0
  );
}

/** Parses a PAX extended header body (`"<len> <key>=<value>\n"` records). */
export function parsePax(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(32, offset);
    if (space < 0) break;
    const length = Number.parseInt(body.toString('latin1', offset, space), 10);
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > body.length) {
      throw new CorruptLayerError('malformed PAX record');
    }
    const record = utf8.decode(body.subarray(space + 1, offset + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    offset += length;
  }
  return records;
}
