/**
 * Decodes an RPM header blob as rpm ≥ 4.16 stores it in `rpmdb.sqlite` (table `Packages`, column `blob`):
 * big-endian `il` (index entries) and `dl` (data bytes), `il` 16-byte entries `{tag, type, offset, count}`,
 * then the data store. Only the tags package identification needs are read.
 */
export const RpmTag = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

export type RpmHeader = Map<number, string | number>;

export class RpmHeaderError extends Error {}

/** Decodes the wanted tags of one header blob; throws {@link RpmHeaderError} on a malformed blob. */
export function decodeRpmHeader(blob: Buffer, wanted: ReadonlySet<number> = ALL_TAGS): RpmHeader {
  if (blob.length < 8) throw new RpmHeaderError('header blob too short');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 100_000 || dataStart + dl > blob.length) throw new RpmHeaderError('header blob sizes out of range');
  const header: RpmHeader = new Map();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = blob.readUInt32BE(at);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readInt32BE(at + 8);
    const count = blob.readUInt32BE(at + 12);
    if (offset < 0 || offset >= dl) throw new RpmHeaderError(`tag ${tag} points outside the data store`);
    const start = dataStart + offset;
    if (type === TYPE_INT32 && count >= 1 && start + 4 <= dataStart + dl) header.set(tag, blob.readInt32BE(start));
    else if (type === TYPE_STRING || type === TYPE_STRING_ARRAY || type === TYPE_I18NSTRING) {
      const end = blob.indexOf(0, start);
      if (end < 0 || end > dataStart + dl) throw new RpmHeaderError(`tag ${tag} string is unterminated`);
      header.set(tag, blob.toString('utf8', start, end));
    }
  }
  return header;
}

const ALL_TAGS: ReadonlySet<number> = new Set(Object.values(RpmTag));
