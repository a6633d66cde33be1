/**
 * A minimal, deterministic ustar writer for image layers: regular files, directories, symlinks and
 * whiteouts (`.wh.<name>` files, `.wh..wh..opq`), all with a fixed mtime so equal trees give equal digests.
 */

/** One file-tree entry. A string or Buffer is a regular file with mode 0644. */
export type TreeEntry =
  | string
  | Buffer
  | { content: string | Buffer; mode?: number }
  | { symlink: string }
  | { dir: true; mode?: number }
  | { whiteout: true }
  | { opaque: true };

/** Paths (relative, `/`-separated, e.g. `usr/lib/os-release`) to entries. */
export type FileTree = Record<string, TreeEntry>;

const BLOCK = 512;
/** 2020-01-01T00:00:00Z: a fixed mtime keeps layer digests reproducible. */
const FIXED_MTIME = 1577836800;

interface Header {
  name: string;
  mode: number;
  size: number;
  type: '0' | '2' | '5';
  linkname?: string;
}

function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  const cut = name.lastIndexOf('/', 155);
  if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar path too long: ${name}`);
  return { name: name.slice(cut + 1), prefix: name.slice(0, cut) };
}

function header(h: Header): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(h.name);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  block.write(name, 0, 100, 'utf8');
  block.write(octal(h.mode, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(h.size, 12), 124, 12, 'ascii');
  block.write(octal(FIXED_MTIME, 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write(h.type, 156, 1, 'ascii');
  if (h.linkname) block.write(h.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write('root', 265, 32, 'ascii');
  block.write('root', 297, 32, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function parentDirs(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Builds an uncompressed tar of `tree`; parent directories are added implicitly, entries sorted by path. */
export function buildTar(tree: FileTree): Buffer {
  const entries = new Map<string, TreeEntry>();
  for (const [raw, entry] of Object.entries(tree)) {
    const path = raw.replace(/^\/+/, '').replace(/\/+$/, '');
    for (const dir of parentDirs(path)) if (!entries.has(dir)) entries.set(dir, { dir: true });
    entries.set(path, entry);
  }
  const chunks: Buffer[] = [];
  for (const path of [...entries.keys()].sort()) {
    const entry = entries.get(path) as TreeEntry;
    if (typeof entry === 'string' || Buffer.isBuffer(entry) || 'content' in entry) {
      const content = typeof entry === 'string' || Buffer.isBuffer(entry) ? entry : entry.content;
      const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
      const mode = typeof entry === 'object' && 'mode' in entry && entry.mode !== undefined ? entry.mode : 0o644;
      chunks.push(header({ name: path, mode, size: data.length, type: '0' }), data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) chunks.push(Buffer.alloc(pad));
    } else if ('symlink' in entry) {
      chunks.push(header({ name: path, mode: 0o777, size: 0, type: '2', linkname: entry.symlink }));
    } else if ('dir' in entry) {
      chunks.push(header({ name: `${path}/`, mode: entry.mode ?? 0o755, size: 0, type: '5' }));
    } else if ('whiteout' in entry) {
      const slash = path.lastIndexOf('/');
      const name = `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`;
      chunks.push(header({ name, mode: 0o644, size: 0, type: '0' }));
    } else {
      chunks.push(header({ name: `${path}/.wh..wh..opq`, mode: 0o644, size: 0, type: '0' }));
    }
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}
