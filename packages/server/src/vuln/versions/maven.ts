import { InvalidVersionError } from '../errors.js';
import { type Ordering, sign, type VersionComparator } from './types.js';

/*
 * A port of Maven 3.8's org.apache.maven.artifact.versioning.ComparableVersion (as shipped by Debian's
 * maven 3.8.7): the version is split on `.`, `-` and digit/letter transitions into a tree of items (numbers,
 * qualifier strings, and sub-lists that start at each `-` or transition; a qualifier after `.` is treated as
 * if it followed `-`, MNG-5568); trailing "null" items (0, "", ga, final, release, empty lists) are dropped;
 * items then compare pairwise with Maven's cross-type rules. Every string is a valid Maven version.
 */

/** `size` is Maven's item class: 0 = IntItem (≤ 9 digits), 1 = LongItem (≤ 18), 2 = BigIntegerItem. */
type Item =
  | { kind: 'int'; value: bigint; size: 0 | 1 | 2 }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_VERSION_INDEX = String(QUALIFIERS.indexOf(''));

function stringItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
    value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  }
  return { kind: 'string', value: ALIASES[value] ?? value };
}

/** Maven's stripLeadingZeroes, quirk included: an all-zero run is kept whole (so `000…0` may be "long"). */
function stripLeadingZeroes(buf: string): string {
  const i = buf.search(/[^0]/);
  return i === -1 ? buf : buf.slice(i);
}

function parseItem(isDigit: boolean, buf: string): Item {
  if (!isDigit) return stringItem(buf, false);
  const digits = stripLeadingZeroes(buf);
  // Items of different numeric classes compare by class, not value (Int < Long < BigInteger).
  const size = digits.length <= 9 ? 0 : digits.length <= 18 ? 1 : 2;
  return { kind: 'int', value: BigInt(digits), size };
}

const ZERO: Item = { kind: 'int', value: 0n, size: 0 };

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function javaCompare(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNull(item: Item): boolean {
  switch (item.kind) {
    case 'int':
      return item.value === 0n;
    case 'string':
      return comparableQualifier(item.value) === RELEASE_VERSION_INDEX;
    case 'list':
      return item.items.length === 0;
  }
}

/** ListItem.normalize(): drop trailing null items, looking through nested lists. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function compareItems(a: Item, b: Item | null): Ordering {
  switch (a.kind) {
    case 'int':
      if (b === null) return a.value === 0n ? 0 : 1; // 1.0 == 1, 1.1 > 1
      if (b.kind === 'int') {
        if (a.size !== b.size) return sign(a.size - b.size);
        return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      }
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'string':
      if (b === null) return javaCompare(comparableQualifier(a.value), RELEASE_VERSION_INDEX); // 1-rc < 1, 1-ga > 1
      if (b.kind === 'string') return javaCompare(comparableQualifier(a.value), comparableQualifier(b.value));
      return -1; // 1.any < 1.1, 1.any < 1-1
    case 'list': {
      if (b === null) {
        // The whole list is compared with "nothing", not just its first item (MNG-6964).
        for (const item of a.items) {
          const result = compareItems(item, null);
          if (result !== 0) return result;
        }
        return 0;
      }
      if (b.kind === 'int') return -1; // 1-1 < 1.0.x
      if (b.kind === 'string') return 1; // 1-1 > 1-sp
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i] ?? null;
        const r = b.items[i] ?? null;
        const result = l === null ? (r === null ? 0 : (-compareItems(r, null) as Ordering)) : compareItems(l, r);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

const isDigitChar = (c: string) => c >= '0' && c <= '9';

/** Parses a version into Maven's item tree (ComparableVersion.parseVersion). */
export function parseMavenVersion(version: string): Item {
  const text = version.toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  let list = root;
  const stack: (Item & { kind: 'list' })[] = [root];
  const pushList = () => {
    const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.' || c === '-') {
      list.items.push(i === start ? ZERO : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') pushList();
    } else if (isDigitChar(c)) {
      if (!isDigit && i > start) {
        // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X.
        if (list.items.length) pushList();
        list.items.push(stringItem(text.slice(start, i), true));
        start = i;
        pushList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, text.slice(start, i)));
        start = i;
        pushList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    if (!isDigit && list.items.length) pushList();
    list.items.push(parseItem(isDigit, text.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!.items);
  return root;
}

/** Maven's canonical form of a version (ComparableVersion.getCanonical). */
export function canonicalMavenVersion(version: string): string {
  const render = (item: Item): string => {
    if (item.kind === 'int') return item.value.toString();
    if (item.kind === 'string') return item.value;
    let buffer = '';
    for (const child of item.items) {
      if (buffer.length > 0) buffer += child.kind === 'list' ? '-' : '.';
      buffer += render(child);
    }
    return buffer;
  };
  return render(parseMavenVersion(version));
}

/** Maven artifact versions, ordered exactly like Maven 3.8's `ComparableVersion`. */
export const mavenComparator: VersionComparator = {
  scheme: 'maven',
  isValid(version) {
    return version !== '';
  },
  compare(a, b) {
    for (const v of [a, b]) if (v === '') throw new InvalidVersionError('maven', v, 'version is empty');
    return sign(compareItems(parseMavenVersion(a), parseMavenVersion(b)));
  },
};
