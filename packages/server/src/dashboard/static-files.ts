import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** Content types by extension; `.js` is `text/javascript` (RFC 9239). Unknown types are served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  body: Buffer;
  etag: string;
  contentType: string;
}

/**
 * The relative path of an `/assets/…` request, from the raw request target (before any URL normalization, so
 * `%2e%2e` is seen as written). Each segment is decoded once; empty, `.`, `..`, NUL, slash or backslash inside a
 * segment, or a malformed escape → undefined (the caller answers 404).
 */
export function assetPath(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/assets/')) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice('/assets/'.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[\0/\\]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments.length > 0 ? segments : undefined;
}

/**
 * Reads files of the web directory, cached by path and validated by size and mtime on every request (the files
 * are small; a stat is cheap and picks up a rebuilt UI without a restart). A resolved path outside `root`
 * (a symlink pointing out) or anything but a regular file is undefined.
 */
export class StaticFiles {
  readonly #cache = new Map<string, StaticFile & { size: number; mtimeMs: number }>();

  async read(root: string, segments: string[]): Promise<StaticFile | undefined> {
    let file: string;
    let realRoot: string;
    try {
      realRoot = await realpath(root);
      file = await realpath(join(root, ...segments));
    } catch {
      return undefined;
    }
    if (!file.startsWith(realRoot + sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = this.#cache.get(file);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(file).catch(() => undefined);
    if (!body) return undefined;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { body, etag, contentType: contentTypeOf(file), size: info.size, mtimeMs: info.mtimeMs };
    if (this.#cache.size >= 1000) this.#cache.clear();
    this.#cache.set(file, entry);
    return entry;
  }
}

/** `If-None-Match` against an ETag: a list, weak validators (`W/"…"`) and `*` as RFC 9110 compares for GET. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
