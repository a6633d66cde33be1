import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/** A parsed PEP 440 version (the fields of Python `packaging.version.Version`). Numbers are unbounded. */
export interface Pep440Version {
  epoch: bigint;
  release: bigint[];
  /** `a`, `b` or `rc` (aliases `alpha`, `beta`, `c`, `pre`, `preview` normalised) with its number. */
  pre?: { label: 'a' | 'b' | 'rc'; n: bigint };
  post?: bigint;
  dev?: bigint;
  /** Local segments: numbers, or lower-cased alphanumeric strings. */
  local?: (bigint | string)[];
}

// Python's `\s` on str: the characters for which str.isspace() holds (JS's `\s` differs at the edges).
const WS = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

// packaging.version.VERSION_PATTERN, verbatim apart from the verbose-mode whitespace.
const VERSION_PATTERN =
  `^${WS}*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)` +
  '(?<pre>[-_\\.]?(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))[-_\\.]?(?<pre_n>[0-9]+)?)?' +
  '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\\.]?(?<post_l>post|rev|r)[-_\\.]?(?<post_n2>[0-9]+)?))?' +
  '(?<dev>[-_\\.]?(?<dev_l>dev)[-_\\.]?(?<dev_n>[0-9]+)?)?)' +
  `(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?${WS}*$`;
const VERSION_RE = new RegExp(VERSION_PATTERN, 'i');

const PRE_ALIASES: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/**
 * Parses a version with the same grammar and normalisation as Python `packaging.version.Version`.
 * @throws InvalidVersionError when packaging would raise `InvalidVersion`.
 */
export function parsePep440Version(input: string): Pep440Version {
  const m = VERSION_RE.exec(input);
  if (!m?.groups) throw new InvalidVersionError('pep440', input, 'does not match the PEP 440 grammar');
  const g = m.groups;
  const version: Pep440Version = {
    epoch: g.epoch ? BigInt(g.epoch) : 0n,
    release: g.release!.split('.').map((part) => BigInt(part)),
  };
  if (g.pre_l) version.pre = { label: PRE_ALIASES[g.pre_l.toLowerCase()]!, n: BigInt(g.pre_n ?? 0) };
  if (g.post) version.post = BigInt(g.post_n1 ?? g.post_n2 ?? 0);
  if (g.dev) version.dev = BigInt(g.dev_n ?? 0);
  if (g.local) {
    version.local = g.local.split(/[-_.]/).map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part.toLowerCase()));
  }
  return version;
}

function compareBig(a: bigint, b: bigint): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release tuples compare after trailing zeros are dropped (`1.0 == 1`); shorter prefixes sort first. */
function compareRelease(a: bigint[], b: bigint[]): Ordering {
  const trim = (r: bigint[]) => {
    let end = r.length;
    while (end > 0 && r[end - 1] === 0n) end--;
    return r.slice(0, end);
  };
  const x = trim(a);
  const y = trim(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareBig(x[i]!, y[i]!);
    if (c) return c;
  }
  return sign(x.length - y.length);
}

// The keys of packaging's `_cmpkey`: each phase maps to a rank so that "absent" can sort below or above.
function preKey(v: Pep440Version): [number, string, bigint] {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return [-1, '', 0n]; // 1.0.dev0 < 1.0a0
  if (!v.pre) return [1, '', 0n];
  return [0, v.pre.label, v.pre.n];
}

function compareLocal(a: (bigint | string)[] | undefined, b: (bigint | string)[] | undefined): Ordering {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    // Numeric segments sort above alphanumeric ones; like kinds compare by value.
    if (typeof x === 'bigint' && typeof y === 'bigint') {
      const c = compareBig(x, y);
      if (c) return c;
    } else if (typeof x === 'string' && typeof y === 'string') {
      const c = compareStrings(x, y);
      if (c) return c;
    } else {
      return typeof x === 'bigint' ? 1 : -1;
    }
  }
  return sign(a.length - b.length);
}

/** Orders two parsed versions as `packaging.version.Version.__lt__` does. */
export function comparePep440Versions(a: Pep440Version, b: Pep440Version): Ordering {
  const epoch = compareBig(a.epoch, b.epoch);
  if (epoch) return epoch;
  const release = compareRelease(a.release, b.release);
  if (release) return release;
  const [ar, al, an] = preKey(a);
  const [br, bl, bn] = preKey(b);
  const pre = sign(ar - br) || compareStrings(al, bl) || compareBig(an, bn);
  if (pre) return pre;
  // Absent post sorts first; absent dev sorts last.
  const post =
    a.post === undefined || b.post === undefined
      ? sign(Number(a.post !== undefined) - Number(b.post !== undefined))
      : compareBig(a.post, b.post);
  if (post) return post;
  const dev =
    a.dev === undefined || b.dev === undefined
      ? sign(Number(a.dev === undefined) - Number(b.dev === undefined))
      : compareBig(a.dev, b.dev);
  if (dev) return dev;
  return compareLocal(a.local, b.local);
}

/** Python package versions (PyPI), ordered exactly like `packaging.version.Version`. */
export const pep440Comparator: VersionComparator = {
  scheme: 'pep440',
  isValid(version) {
    return VERSION_RE.test(version);
  },
  compare(a, b) {
    return comparePep440Versions(parsePep440Version(a), parsePep440Version(b));
  },
};
