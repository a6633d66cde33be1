import { PathEscapeError } from '../errors.js';

/**
 * Normalizes a tar entry name to a root-relative path without leading `/`, `./`, trailing `/`, `.` or `..`
 * segments (`''` is the root). Absolute names are taken relative to the image root, as tar does; a name whose
 * `..` segments climb above the root is hostile and raises {@link PathEscapeError}.
 */
export function normalizeEntryPath(raw: string): string {
  // Almost every name is already normal but for a directory's trailing slash; only the others need splitting.
  const trimmed = raw.charCodeAt(raw.length - 1) === 47 ? raw.slice(0, -1) : raw;
  if (!NEEDS_NORMALIZING.test(trimmed)) return trimmed;
  const out: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) throw new PathEscapeError(raw);
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}

/** An empty name, a leading `/`, `./` or `../`, or an empty, `.` or `..` segment anywhere. */
const NEEDS_NORMALIZING = /^\.{0,2}(?:\/|$)|\/\.{0,2}(?:\/|$)/;

/** The parent of a normalized path (`''` for top-level entries). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last segment of a normalized path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a normalized directory and a child name. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** True when `path` is `ancestor` itself or lies below it. */
export function isSameOrBelow(path: string, ancestor: string): boolean {
  if (ancestor === '') return true;
  return path === ancestor || (path.startsWith(ancestor) && path.charCodeAt(ancestor.length) === 47);
}

/** Every strict ancestor directory of a normalized path, nearest first (never includes the root `''`). */
export function* ancestorsOf(path: string): Generator<string> {
  let i = path.lastIndexOf('/');
  while (i > 0) {
    yield path.slice(0, i);
    i = path.lastIndexOf('/', i - 1);
  }
}
