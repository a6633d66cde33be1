import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/*
 * Alpine package versions: digit{.digit}...{letter}{_suffix{#}}...{-r#}.
 *
 * A port of apk-tools 2.x `src/version.c` (the token_state implementation Alpine's stable releases ship):
 * the version is read as a stream of typed tokens; streams are compared token by token while both sides
 * have the same token type. A `.`-component with a leading zero on either side is compared as a string
 * (Gentoo's rule), other numbers as unsigned 64-bit integers, suffixes by rank (alpha < beta < pre < rc <
 * (none) < cvs < svn < git < hg < p). `apk-tools` is not packaged for Debian bookworm, so the tests check
 * this port against apk-tools' own `test/version.data` vectors instead of `apk version -t`.
 */

enum Token {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
  Invalid = 7,
}

const SUFFIX_NONE = 5;
const SUFFIXES: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };

interface TokenState {
  token: Token;
  suffix: number;
  value: string;
}

/** Reads the tokens of a version lazily; `pos` is the cursor into the string. */
class Tokenizer {
  pos = 0;
  readonly state: TokenState = { token: Token.Invalid, suffix: 0, value: '' };

  constructor(private readonly text: string) {
    this.state.value = this.span(/[0-9]/);
    this.state.token = this.state.value.length ? Token.InitialDigit : Token.Invalid;
  }

  private span(allowed: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && allowed.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  next(): void {
    const t = this.state;
    if (this.pos >= this.text.length) {
      t.token = Token.End;
      return;
    }
    const c = this.text[this.pos]!;
    if (c >= 'a' && c <= 'z') {
      if (t.token > Token.Digit) {
        this.invalid();
        return;
      }
      t.value = c;
      t.token = Token.Letter;
      this.pos++;
    } else if (c === '.' || (c >= '0' && c <= '9')) {
      if (c === '.') {
        if (t.token > Token.Digit) {
          this.invalid();
          return;
        }
        this.pos++;
      }
      t.value = this.span(/[0-9]/);
      if (t.token === Token.Suffix) t.token = Token.SuffixNo;
      else if (t.token === Token.InitialDigit || t.token === Token.Digit) t.token = Token.Digit;
      else {
        this.invalid();
        return;
      }
    } else if (c === '_') {
      if (t.token > Token.SuffixNo) {
        this.invalid();
        return;
      }
      this.pos++;
      t.value = this.span(/[a-z]/);
      const suffix = t.value === '' ? SUFFIX_NONE : (SUFFIXES[t.value] ?? 0);
      if (suffix === 0) {
        this.invalid();
        return;
      }
      t.suffix = suffix;
      t.token = Token.Suffix;
    } else if (c === '-') {
      if (t.token >= Token.RevisionNo) {
        this.invalid();
        return;
      }
      if (this.text[this.pos + 1] !== 'r') {
        this.invalid();
        return;
      }
      this.pos += 2;
      t.value = this.span(/[0-9]/);
      t.token = Token.RevisionNo;
    } else {
      this.invalid();
    }
  }

  private invalid(): void {
    this.state.token = Token.Invalid;
  }
}

/** apk_blob_pull_uint: decimal digits into an unsigned 64-bit integer (wrapping, as C does). */
function pullUint(digits: string): bigint {
  let v = 0n;
  for (const d of digits) v = BigInt.asUintN(64, v * 10n + BigInt(d.charCodeAt(0) - 48));
  return v;
}

function tokenCompare(a: TokenState, b: TokenState): Ordering {
  switch (a.token) {
    case Token.Digit:
      if (a.value[0] === '0' || b.value[0] === '0') return stringSort(a.value, b.value);
      return sign(pullUint(a.value) - pullUint(b.value));
    case Token.InitialDigit:
    case Token.SuffixNo:
    case Token.RevisionNo:
      return sign(pullUint(a.value) - pullUint(b.value));
    case Token.Letter:
      return sign(a.value.charCodeAt(0) - b.value.charCodeAt(0));
    case Token.Suffix:
      return sign(a.suffix - b.suffix);
    default:
      return stringSort(a.value, b.value);
  }
}

/** apk_blob_sort: memcmp over the common length, then the shorter first. */
function stringSort(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when apk would accept the version (`apk_version_validate`). */
export function isValidApkVersion(version: string): boolean {
  const t = new Tokenizer(version);
  while (t.state.token < Token.End) t.next();
  return t.state.token === Token.End;
}

/**
 * `apk_version_compare` over two raw strings, including apk's well-defined ordering of invalid input
 * (it stops at the first invalid token). Prefer {@link apkComparator}, which rejects invalid versions.
 */
export function apkVersionCompareRaw(a: string, b: string): Ordering {
  const ta = new Tokenizer(a);
  const tb = new Tokenizer(b);
  const sa = ta.state;
  const sb = tb.state;
  while (sa.token === sb.token && sa.token < Token.End) {
    const r = tokenCompare(sa, sb);
    if (r !== 0) return r;
    ta.next();
    tb.next();
  }
  if (sa.token === sb.token) return 0;
  // The side that carries on is newer, unless what follows is a pre-release suffix.
  if (sa.token === Token.Suffix && sa.suffix < SUFFIX_NONE) return -1;
  if (sb.token === Token.Suffix && sb.suffix < SUFFIX_NONE) return 1;
  if (sa.token > sb.token) return -1;
  if (sb.token > sa.token) return 1;
  return 0;
}

/** Alpine apk versions, ordered exactly like apk-tools 2.x (`apk version -t`). */
export const apkComparator: VersionComparator = {
  scheme: 'apk',
  isValid: isValidApkVersion,
  compare(a, b) {
    for (const v of [a, b]) {
      if (!isValidApkVersion(v)) throw new InvalidVersionError('apk', v, 'does not follow the apk version grammar');
    }
    return apkVersionCompareRaw(a, b);
  },
};
