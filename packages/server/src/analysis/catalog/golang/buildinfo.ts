import { isElf, parseElf, readAtAddress } from './elf.js';

/** What `go version -m` prints: the Go version, main package path and module graph of a binary. */
export interface GoBuildInfo {
  goVersion: string;
  /** Main package import path (`path` line). */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** The module this one is replaced by (`=>` line), when replaced. */
  replace?: GoModule;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** The sentinels Go's linker wraps the modinfo string in (runtime/debug `modinfoStart`/`modinfoEnd`). */
const MODINFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const MODINFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/**
 * Reads the build info Go (1.13+) embeds in binaries: the `.go.buildinfo` section (or, without section headers,
 * the magic in a data segment). Go 1.18+ stores the version and module info inline as varint-prefixed strings
 * (flag bit 2); older binaries store two pointers to Go string headers, which are followed through the segments.
 * Returns undefined for non-ELF files and binaries without build info.
 */
export function readGoBuildInfo(data: Buffer): GoBuildInfo | undefined {
  if (!isElf(data)) return undefined;
  const elf = parseElf(data);
  const section = elf.sections.find((s) => s.name === '.go.buildinfo');
  let start: number;
  if (section) start = section.offset;
  else {
    // Stripped section headers: the blob is 16-byte aligned in a data segment.
    start = data.indexOf(MAGIC);
    while (start >= 0 && start % 16 !== 0) start = data.indexOf(MAGIC, start + 1);
    if (start < 0) return readModInfoBySentinels(data);
  }
  if (start + 32 > data.length || !data.subarray(start, start + 14).equals(MAGIC)) return readModInfoBySentinels(data);
  const ptrSize = data[start + 14]!;
  const flags = data[start + 15]!;
  let version: string | undefined;
  let modinfo: string | undefined;
  if (flags & 2) {
    let at = start + 32;
    [version, at] = readVarString(data, at);
    [modinfo] = readVarString(data, at);
  } else {
    const bigEndian = (flags & 1) !== 0;
    const readPtr = (buf: Buffer, o: number): bigint =>
      ptrSize === 8
        ? bigEndian
          ? buf.readBigUInt64BE(o)
          : buf.readBigUInt64LE(o)
        : BigInt(bigEndian ? buf.readUInt32BE(o) : buf.readUInt32LE(o));
    const readGoString = (ptr: bigint): string | undefined => {
      const header = readAtAddress(elf, data, ptr, ptrSize * 2);
      if (!header) return undefined;
      const length = Number(readPtr(header, ptrSize));
      const bytes = readAtAddress(elf, data, readPtr(header, 0), length);
      return bytes?.toString('utf8');
    };
    version = readGoString(readPtr(data, start + 16));
    modinfo = readGoString(readPtr(data, start + 16 + ptrSize));
  }
  if (!version) return undefined;
  return parseModInfo(version, modinfo ?? '');
}

/**
 * Fallback for binaries whose build-info header was removed (some release pipelines strip `.go.buildinfo`, e.g.
 * esbuild 0.28): the modinfo string still sits in rodata between its sentinels, and the toolchain version in
 * `runtime.buildVersion`.
 */
function readModInfoBySentinels(data: Buffer): GoBuildInfo | undefined {
  const start = data.indexOf(MODINFO_START);
  if (start < 0) return undefined;
  const end = data.indexOf(MODINFO_END, start + 16);
  if (end < 0 || end - start > 4 * 1024 * 1024) return undefined;
  const modinfo = data.toString('utf8', start, end + 16);
  const version = /go1\.\d+\.\d+(?:-[\w.]+)?|go1\.\d+(?:rc\d+|beta\d+)?/.exec(data.toString('latin1'))?.[0];
  return parseModInfo(version ?? '', modinfo);
}

function readVarString(data: Buffer, offset: number): [string, number] {
  let length = 0;
  let shift = 0;
  let at = offset;
  for (;;) {
    const byte = data[at++];
    if (byte === undefined || shift > 35) return ['', at];
    length |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
    shift += 7;
  }
  const end = Math.min(at + length, data.length);
  return [data.toString('utf8', at, end), end];
}

/** Parses the modinfo text (`path`, `mod`, `dep`, `=>`, `build` lines), unwrapping its 16-byte sentinels. */
export function parseModInfo(goVersion: string, modinfo: string): GoBuildInfo {
  let text = modinfo;
  if (text.length >= 33 && text[text.length - 17] === '\n') text = text.slice(16, -16);
  const info: GoBuildInfo = { goVersion, deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const [kind, ...fields] = line.split('\t');
    const module = (): GoModule => {
      const m: GoModule = { path: fields[0] ?? '', version: fields[1] ?? '' };
      if (fields[2]) m.sum = fields[2];
      return m;
    };
    if (kind === 'path') info.path = fields[0];
    else if (kind === 'mod') last = info.main = module();
    else if (kind === 'dep') {
      last = module();
      info.deps.push(last);
    } else if (kind === '=>' && last) last.replace = module();
    else if (kind === 'build' && fields[0]) {
      const eq = fields[0].indexOf('=');
      if (eq > 0) info.settings[fields[0].slice(0, eq)] = fields[0].slice(eq + 1);
    }
  }
  return info;
}
