import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/** A Debian package version, split the way dpkg splits it: `[epoch:]upstream[-revision]`. */
export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
  /** Set when dpkg would only warn about the syntax (it still compares such versions). */
  warning?: string;
}

const INT_MAX = 2147483647;
const isBlank = (c: string) => c === ' ' || c === '\t';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/**
 * Parses a version exactly as dpkg's `parseversion()` (lib/dpkg/parsehelp.c) does: hard errors throw,
 * syntax that dpkg merely warns about (no leading digit, odd characters) is kept with `warning` set.
 * @throws InvalidVersionError for the cases dpkg rejects outright.
 */
export function parseDpkgVersion(input: string): DpkgVersion {
  const fail = (reason: string) => new InvalidVersionError('dpkg', input, reason);
  let start = 0;
  while (start < input.length && isBlank(input[start]!)) start++;
  if (start === input.length) throw fail('version string is empty');
  let end = start;
  while (end < input.length && !isBlank(input[end]!)) end++;
  for (let i = end; i < input.length; i++) {
    if (!isBlank(input[i]!)) throw fail('version string has embedded spaces');
  }
  let text = input.slice(start, end);
  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    // strtol semantics: optional sign, then digits; the number must end exactly at the colon.
    const m = /^[+-]?[0-9]+/.exec(text);
    if (!m) throw fail('epoch in version is empty');
    if (m[0].length !== colon) throw fail('epoch in version is not number');
    const value = BigInt(m[0]);
    if (value < 0n) throw fail('epoch in version is negative');
    if (value > BigInt(INT_MAX)) throw fail('epoch in version is too big');
    if (colon === text.length - 1) throw fail('nothing after colon in version number');
    epoch = Number(value);
    text = text.slice(colon + 1);
  }
  let upstream = text;
  let revision = '';
  const hyphen = text.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = text.slice(0, hyphen);
    revision = text.slice(hyphen + 1);
    if (revision === '') throw fail('revision number is empty');
  }
  if (upstream === '') throw fail('version number is empty');
  const version: DpkgVersion = { epoch, upstream, revision };
  if (!isDigit(upstream[0])) {
    version.warning = 'version number does not start with digit';
  } else if (/[^0-9A-Za-z.+~:-]/.test(upstream)) {
    version.warning = 'invalid character in version number';
  } else if (/[^0-9A-Za-z.+~]/.test(revision)) {
    version.warning = 'invalid character in revision number';
  }
  return version;
}

/** dpkg's `order()`: digits 0, letters by code, `~` below everything (even the end), others after letters. */
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's `verrevcmp()`: alternating non-digit and digit runs. */
export function dpkgVerrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Orders two parsed versions: epoch, then upstream, then revision (`dpkg_version_compare`). */
export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): Ordering {
  if (a.epoch !== b.epoch) return sign(a.epoch - b.epoch);
  return sign(dpkgVerrevcmp(a.upstream, b.upstream) || dpkgVerrevcmp(a.revision, b.revision));
}

/** Debian/Ubuntu package versions, ordered exactly like `dpkg --compare-versions`. */
export const dpkgComparator: VersionComparator = {
  scheme: 'dpkg',
  isValid(version) {
    try {
      return parseDpkgVersion(version).warning === undefined;
    } catch {
      return false;
    }
  },
  compare(a, b) {
    return compareDpkgVersions(parseDpkgVersion(a), parseDpkgVersion(b));
  },
};
