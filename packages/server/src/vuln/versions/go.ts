import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/**
 * A Go module version as `golang.org/x/mod/semver` parses it. `v1` and `v1.2` are shorthands for
 * `v1.0.0` and `v1.2.0`; build metadata (`+incompatible`) is kept but never ordered.
 */
export interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  /** Including the leading `-`, or empty. */
  prerelease: string;
  /** Including the leading `+`, or empty. */
  build: string;
  /** True for `v1` / `v1.2` shorthands (which may not carry a prerelease or build). */
  short: boolean;
}

const NUM = '(0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
const SEMVER_RE = new RegExp(
  `^v${NUM}(?:\\.${NUM}(?:\\.${NUM}(-${IDENT}(?:\\.${IDENT})*)?(\\+${IDENT}(?:\\.${IDENT})*)?)?)?$`,
);
const BAD_NUMERIC_IDENT = /(^|\.)0[0-9]+(\.|$)/;

/**
 * Parses a Go module version. OSV's `Go` ecosystem writes versions without the `v` (`1.22.0-0`,
 * `0.0.0-20210520170846-37e1c6afe023`), so a missing `v` is added before parsing.
 * @throws InvalidVersionError when `semver.IsValid` would return false.
 */
export function parseGoVersion(input: string): GoVersion {
  const text = input.startsWith('v') ? input : `v${input}`;
  const m = SEMVER_RE.exec(text);
  // Numeric prerelease identifiers may not have leading zeros (x/mod/semver's isBadNum).
  if (!m || (m[4] && BAD_NUMERIC_IDENT.test(m[4].slice(1)))) {
    throw new InvalidVersionError('go', input, 'not a Go module (semantic) version');
  }
  return {
    major: m[1]!,
    minor: m[2] ?? '0',
    patch: m[3] ?? '0',
    prerelease: m[4] ?? '',
    build: m[5] ?? '',
    short: m[3] === undefined,
  };
}

/** Compares decimal strings without leading zeros: longer is larger, then lexically. */
function compareInt(a: string, b: string): Ordering {
  if (a.length !== b.length) return sign(a.length - b.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

const isNum = (s: string) => /^[0-9]+$/.test(s);

/** x/mod/semver's comparePrerelease: dot-separated identifiers, numbers below words, a release above all. */
function comparePrerelease(x: string, y: string): Ordering {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const dx = xs[i]!;
    const dy = ys[i]!;
    if (dx === dy) continue;
    const ix = isNum(dx);
    const iy = isNum(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix) return compareInt(dx, dy);
    return dx < dy ? -1 : 1;
  }
  return sign(xs.length - ys.length);
}

/** Orders two parsed Go versions as `semver.Compare` does. */
export function compareGoVersions(a: GoVersion, b: GoVersion): Ordering {
  return (
    compareInt(a.major, b.major) ||
    compareInt(a.minor, b.minor) ||
    compareInt(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

/**
 * True for a pseudo-version (`vX.Y.Z-yyyymmddhhmmss-abcdefabcdef` and its `-0.` / `.0.` forms), as
 * `golang.org/x/mod/module.IsPseudoVersion` defines them.
 */
export function isGoPseudoVersion(version: string): boolean {
  const v = version.startsWith('v') ? version : `v${version}`;
  return v.split('-').length > 2 && goComparator.isValid(v) && PSEUDO_VERSION_RE.test(v);
}

// x/mod/module's pseudoVersionRE.
const PSEUDO_VERSION_RE =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** Go module versions, ordered exactly like `golang.org/x/mod/semver.Compare` (with or without the `v`). */
export const goComparator: VersionComparator = {
  scheme: 'go',
  isValid(version) {
    try {
      parseGoVersion(version);
      return true;
    } catch {
      return false;
    }
  },
  compare(a, b) {
    return compareGoVersions(parseGoVersion(a), parseGoVersion(b));
  },
};
