import { InvalidVersionError } from '../errors.js';
import type { Ordering, VersionComparator } from './types.js';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined) => isDigit(c) || isAlpha(c);

/**
 * rpm's `rpmvercmp()` (rpmio/rpmvercmp.c): alternating numeric and alphabetic segments, separators ignored,
 * `~` sorts before everything (even the end), `^` sorts after the end but before any further segment.
 */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    const numeric = isDigit(a[i]);
    const test = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && test(a[ei])) ei++;
    while (ej < b.length && test(b[ej])) ej++;
    // A numeric segment is newer than an alphabetic one.
    if (ej === j) return numeric ? 1 : -1;
    let one = a.slice(i, ei);
    let two = b.slice(j, ej);
    if (numeric) {
      one = one.replace(/^0+/, '');
      two = two.replace(/^0+/, '');
      if (one.length !== two.length) return one.length > two.length ? 1 : -1;
    }
    if (one !== two) return one < two ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** An RPM `[epoch:]version[-release]`, split as rpm's `rpmverParse()` splits it. */
export interface RpmEvr {
  epoch: string | undefined;
  version: string;
  release: string | undefined;
}

/**
 * Splits an EVR string like rpm's `parseEVR()`: leading digits followed by `:` are the epoch, the last `-`
 * separates the release.
 * @throws InvalidVersionError for the empty string (rpm refuses it).
 */
export function parseRpmEvr(evr: string): RpmEvr {
  if (evr === '') throw new InvalidVersionError('rpm', evr, 'version is empty');
  let s = 0;
  while (isDigit(evr[s])) s++;
  let epoch: string | undefined;
  let rest = evr;
  let offset = 0;
  if (evr[s] === ':') {
    epoch = evr.slice(0, s) || '0';
    rest = evr.slice(s + 1);
    offset = s + 1;
  }
  // The release separator is searched from the end of the epoch digits, as rpm does.
  const dash = evr.lastIndexOf('-');
  if (dash >= s) {
    return { epoch, version: evr.slice(offset, dash), release: evr.slice(dash + 1) };
  }
  return { epoch, version: rest, release: undefined };
}

/**
 * Orders two EVRs like rpm 4.18's `rpmverCmp()` (the Lua `rpm.vercmp`): epoch (absent = 0), version, then
 * release. When only one side states a release, that side is newer whatever the release says (`1.0-~ > 1.0`).
 */
export function compareRpmEvr(a: RpmEvr, b: RpmEvr): Ordering {
  const head = rpmvercmp(a.epoch ?? '0', b.epoch ?? '0') || rpmvercmp(a.version, b.version);
  if (head) return head;
  if (a.release !== undefined && b.release !== undefined) return rpmvercmp(a.release, b.release);
  return a.release !== undefined ? 1 : b.release !== undefined ? -1 : 0;
}

/** RPM package versions (Red Hat, SUSE, …), ordered exactly like rpm 4.18's `rpm.vercmp`. */
export const rpmComparator: VersionComparator = {
  scheme: 'rpm',
  isValid(version) {
    return version !== '';
  },
  compare(a, b) {
    return compareRpmEvr(parseRpmEvr(a), parseRpmEvr(b));
  },
};
