import { CorruptLayerError } from '../errors.js';
import { BLOCK, decodeHeader, isZeroBlock, parsePax, type TarHeader } from './tar-header.js';

/** Receives the entries of a tar stream as it is read. */
export interface TarVisitor {
  /** Called for each entry; return `true` to buffer its body (then handed to `onBody`), `false` to skip it unread. */
  onEntry(header: TarHeader): boolean;
  /** Called with the whole body of an entry `onEntry` chose to capture. */
  onBody(header: TarHeader, body: Buffer): void;
}

/** Extended-header bodies beyond this size are hostile, not real metadata. */
const MAX_META_BYTES = 1024 * 1024;

type Meta = 'pax' | 'paxGlobal' | 'gnuLongName' | 'gnuLongLink' | 'skip';

/**
 * A push-based streaming tar parser: feed it chunks with {@link push}, then call {@link end}. Bodies are skipped
 * without copying unless the visitor captures them. Handles ustar prefixes, GNU long names and links (`L`/`K`),
 * PAX per-entry and global headers (`path`, `linkpath`, `size`), and base-256 sizes.
 */
export class TarReader {
  private readonly header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private padding = 0;
  private zeroBlocks = 0;
  private done = false;
  private current: TarHeader | undefined;
  private meta: Meta | undefined;
  private body: Buffer | undefined;
  private bodyFill = 0;
  private pax = new Map<string, string>();
  private paxGlobal = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;

  constructor(private readonly visitor: TarVisitor) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.done) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - offset);
        if (this.body) chunk.copy(this.body, this.bodyFill, offset, offset + n);
        this.bodyFill += n;
        this.remaining -= n;
        offset += n;
        if (this.remaining === 0) this.finishBody();
      } else if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - offset);
        this.padding -= n;
        offset += n;
      } else {
        const n = Math.min(BLOCK - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + n);
        this.headerFill += n;
        offset += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.onHeaderBlock();
        }
      }
    }
  }

  /** Declares the end of input; throws when the archive stops inside an entry. */
  end(): void {
    if (this.done) return;
    if (this.remaining > 0 || this.headerFill > 0 || this.meta !== undefined) {
      throw new CorruptLayerError('tar stream truncated inside an entry');
    }
    // A missing end-of-archive marker is tolerated: many layer writers omit it.
  }

  private onHeaderBlock(): void {
    if (isZeroBlock(this.header)) {
      this.zeroBlocks += 1;
      if (this.zeroBlocks >= 2) this.done = true;
      return;
    }
    this.zeroBlocks = 0;
    const raw = decodeHeader(this.header);
    this.meta = metaKind(raw.typeflag);
    let size = raw.size;
    if (this.meta === undefined) {
      // A per-entry PAX record wins over a global one, which wins over GNU long names and the header itself.
      const paxSize = this.paxValue('size');
      if (paxSize !== undefined) size = Number.parseInt(paxSize, 10);
      if (!Number.isSafeInteger(size) || size < 0) throw new CorruptLayerError('invalid PAX size');
      this.current = {
        name: this.paxValue('path') ?? this.longName ?? raw.name,
        linkName: this.paxValue('linkpath') ?? this.longLink ?? raw.linkName,
        type: raw.type,
        mode: raw.mode,
        size,
      };
      if (this.pax.size > 0) this.pax = new Map();
      this.longName = undefined;
      this.longLink = undefined;
      this.body = this.visitor.onEntry(this.current) ? Buffer.allocUnsafe(size) : undefined;
    } else {
      if (size > MAX_META_BYTES && this.meta !== 'skip') throw new CorruptLayerError('extended header too large');
      this.body = this.meta === 'skip' ? undefined : Buffer.allocUnsafe(size);
    }
    this.bodyFill = 0;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.finishBody();
  }

  private paxValue(key: string): string | undefined {
    return this.pax.get(key) ?? this.paxGlobal.get(key);
  }

  private finishBody(): void {
    const body = this.body;
    this.body = undefined;
    const meta = this.meta;
    this.meta = undefined;
    if (meta === undefined) {
      if (body && this.current) this.visitor.onBody(this.current, body);
      return;
    }
    if (!body) return;
    if (meta === 'pax') this.pax = parsePax(body);
    else if (meta === 'paxGlobal') for (const [k, v] of parsePax(body)) this.paxGlobal.set(k, v);
    else if (meta === 'gnuLongName') this.longName = nulTrimmed(body);
    else if (meta === 'gnuLongLink') this.longLink = nulTrimmed(body);
  }
}

function metaKind(typeflag: string): Meta | undefined {
  switch (typeflag) {
    case 'x':
      return 'pax';
    case 'g':
      return 'paxGlobal';
    case 'L':
      return 'gnuLongName';
    case 'K':
      return 'gnuLongLink';
    case 'V': // volume label
    case 'M': // multi-volume continuation
    case 'N': // old GNU long names
      return 'skip';
    default:
      return undefined;
  }
}

function nulTrimmed(body: Buffer): string {
  const end = body.indexOf(0);
  return body.toString('utf8', 0, end < 0 ? body.length : end);
}
