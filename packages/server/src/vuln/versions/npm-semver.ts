import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/** A SemVer 2.0 version as node-semver holds it (build metadata is kept but never ordered). */
export interface NpmSemver {
  major: number;
  minor: number;
  patch: number;
  /** Numeric identifiers below 2^53-1 are numbers; everything else stays a string, as in node-semver. */
  prerelease: (number | string)[];
  build: string[];
}

// node-semver's limits (internal/constants.js) and its "safe" regexes (internal/re.js), which bound
// every `*`/`+` so that a hostile string cannot make the match explode.
const MAX_LENGTH = 256;
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
const LDN = '[a-zA-Z0-9-]';
const NUMERIC_ID = '0|[1-9]\\d{0,256}';
const NUMERIC_ID_LOOSE = '\\d{1,256}';
const NON_NUMERIC_ID = `\\d{0,256}[a-zA-Z-]${LDN}{0,${MAX_SAFE_BUILD_LENGTH}}`;
const PRE_ID = `(?:${NON_NUMERIC_ID}|${NUMERIC_ID})`;
const PRE_ID_LOOSE = `(?:${NON_NUMERIC_ID}|${NUMERIC_ID_LOOSE})`;
const BUILD = `(?:\\+(${LDN}{1,${MAX_SAFE_BUILD_LENGTH}}(?:\\.${LDN}{1,${MAX_SAFE_BUILD_LENGTH}})*))`;
const FULL = new RegExp(
  `^v?(${NUMERIC_ID})\\.(${NUMERIC_ID})\\.(${NUMERIC_ID})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?${BUILD}?$`,
);
const LOOSE = new RegExp(
  `^[v=\\s]*(${NUMERIC_ID_LOOSE})\\.(${NUMERIC_ID_LOOSE})\\.(${NUMERIC_ID_LOOSE})` +
    `(?:-?(${PRE_ID_LOOSE}(?:\\.${PRE_ID_LOOSE})*))?${BUILD}?$`,
);

/** Options mirroring node-semver's. */
export interface NpmSemverOptions {
  /** Accept what node-semver's loose mode accepts: `=v1.2.3`, leading zeros, `1.2.3beta`. */
  loose?: boolean;
}

/**
 * Parses a version as `new SemVer(version, { loose })` does.
 * @throws InvalidVersionError where node-semver throws a TypeError.
 */
export function parseNpmSemver(input: string, options: NpmSemverOptions = {}): NpmSemver {
  const fail = (reason: string) => new InvalidVersionError('npm', input, reason);
  if (input.length > MAX_LENGTH) throw fail(`longer than ${MAX_LENGTH} characters`);
  const m = (options.loose ? LOOSE : FULL).exec(input.trim());
  if (!m) throw fail(options.loose ? 'not a SemVer version, even loosely' : 'not a SemVer 2.0 version');
  const [major, minor, patch] = [+m[1]!, +m[2]!, +m[3]!];
  for (const [name, n] of [
    ['major', major],
    ['minor', minor],
    ['patch', patch],
  ] as const) {
    if (n > Number.MAX_SAFE_INTEGER) throw fail(`${name} version exceeds ${Number.MAX_SAFE_INTEGER}`);
  }
  const prerelease = m[4]
    ? m[4].split('.').map((id) => {
        if (/^[0-9]+$/.test(id)) {
          const num = +id;
          if (num >= 0 && num < Number.MAX_SAFE_INTEGER) return num;
        }
        return id;
      })
    : [];
  return { major, minor, patch, prerelease, build: m[5] ? m[5].split('.') : [] };
}

const NUMERIC = /^[0-9]+$/;

/** node-semver's `compareIdentifiers`: numeric identifiers sort below alphanumeric ones. */
function compareIdentifiers(a: number | string, b: number | string): Ordering {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  const anum = NUMERIC.test(String(a));
  const bnum = NUMERIC.test(String(b));
  let x: number | string = a;
  let y: number | string = b;
  if (anum && bnum) {
    x = +a;
    y = +b;
  }
  if (x === y) return 0;
  if (anum && !bnum) return -1;
  if (bnum && !anum) return 1;
  return x < y ? -1 : 1;
}

function formatMain(v: NpmSemver): string {
  const main = `${v.major}.${v.minor}.${v.patch}`;
  return v.prerelease.length ? `${main}-${v.prerelease.join('.')}` : main;
}

/** Orders two parsed versions as `SemVer.prototype.compare` does (build metadata ignored). */
export function compareNpmSemvers(a: NpmSemver, b: NpmSemver): Ordering {
  if (formatMain(a) === formatMain(b)) return 0;
  const main = sign(a.major - b.major) || sign(a.minor - b.minor) || sign(a.patch - b.patch);
  if (main) return main;
  // A version without a prerelease is newer than any of its prereleases.
  if (a.prerelease.length && !b.prerelease.length) return -1;
  if (!a.prerelease.length && b.prerelease.length) return 1;
  for (let i = 0; ; i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined && y === undefined) return 0;
    if (y === undefined) return 1;
    if (x === undefined) return -1;
    if (x !== y) return compareIdentifiers(x, y);
  }
}

/** Builds an npm comparator; `loose` mirrors node-semver's option of the same name. */
export function createNpmComparator(options: NpmSemverOptions = {}): VersionComparator {
  return {
    scheme: 'npm',
    isValid(version) {
      try {
        parseNpmSemver(version, options);
        return true;
      } catch {
        return false;
      }
    },
    compare(a, b) {
      return compareNpmSemvers(parseNpmSemver(a, options), parseNpmSemver(b, options));
    },
  };
}

/**
 * npm package versions, ordered exactly like node-semver's `semver.compare(a, b, true)`. Loose mode is the
 * default because it is what npm itself tolerates in the wild; it orders every strictly valid version the same.
 */
export const npmComparator: VersionComparator = createNpmComparator({ loose: true });
