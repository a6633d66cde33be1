import { InvalidOsvRangeError } from '../errors.js';
import type { Ordering, VersionComparator } from '../versions/types.js';
import type { OsvAffected, OsvEvent, OsvRange } from './types.js';

/** What {@link isAffected} found out about one version. */
export interface AffectedResult {
  affected: boolean;
  /** `range` when an `introduced`/`fixed` timeline matched, `versions` when only the enumerated list did. */
  matchedBy?: 'range' | 'versions';
  /**
   * The versions that fix the vulnerability for this version, ascending: the `fixed` event closing each
   * matching interval or, for a `versions`-list match, every `fixed` event above the version. Empty when
   * unaffected or when no fix is known.
   */
  fixedVersions: string[];
  /** The affected interval(s) containing the version in human form, e.g. `>=2.3.0, <2.31.0`. */
  ranges: string[];
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface Event {
  kind: EventKind;
  version: string;
}

/** Interval bounds as found in a range timeline; `undefined` bounds are open. */
export interface OsvInterval {
  introduced: string;
  fixed?: string;
  lastAffected?: string;
  limit?: string;
}

function eventOf(raw: OsvEvent, range: OsvRange): Event {
  const keys = (['introduced', 'fixed', 'last_affected', 'limit'] as const).filter((k) => raw[k] !== undefined);
  if (keys.length !== 1 || typeof raw[keys[0]!] !== 'string') {
    throw new InvalidOsvRangeError(
      `each ${range.type} event needs exactly one of introduced/fixed/last_affected/limit`,
    );
  }
  return { kind: keys[0]!, version: raw[keys[0]!]! };
}

/** Orders event versions with the schema's special values: introduced "0" is lowest, limit "*" highest. */
function eventComparator(cmp: VersionComparator): (a: Event, b: Event) => Ordering {
  const rank = (e: Event) =>
    e.kind === 'introduced' && e.version === '0' ? -1 : e.kind === 'limit' && e.version === '*' ? 1 : 0;
  return (a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra || rb) return ra === rb ? 0 : ra < rb ? -1 : 1;
    return compareChecked(cmp, a.version, b.version);
  };
}

function compareChecked(cmp: VersionComparator, a: string, b: string): Ordering {
  try {
    return cmp.compare(a, b);
  } catch (cause) {
    throw Object.assign(
      new InvalidOsvRangeError(`cannot order ${JSON.stringify(a)} and ${JSON.stringify(b)} as ${cmp.scheme} versions`),
      { cause },
    );
  }
}

/** `v` against an event's version, honouring the special values. */
function versusEvent(cmp: VersionComparator, v: string, e: Event): Ordering {
  if (e.kind === 'introduced' && e.version === '0') return 1;
  if (e.kind === 'limit' && e.version === '*') return -1;
  return compareChecked(cmp, v, e.version);
}

function sortedEvents(range: OsvRange, cmp: VersionComparator): Event[] {
  if (!Array.isArray(range.events)) throw new InvalidOsvRangeError(`${range.type} range has no events array`);
  const events = range.events.map((e) => eventOf(e, range));
  if (!events.some((e) => e.kind === 'introduced')) {
    throw new InvalidOsvRangeError(`${range.type} range has no introduced event`);
  }
  // Array.prototype.sort is stable: events at equal versions keep the record's order.
  return events.sort(eventComparator(cmp));
}

/**
 * The schema's `IncludedInRanges` for one range (https://ossf.github.io/osv-schema/#evaluation), returning the
 * interval that contains `v`, or undefined.
 */
function intervalContaining(v: string, range: OsvRange, cmp: VersionComparator): OsvInterval | undefined {
  const events = sortedEvents(range, cmp);
  const limits = events.filter((e) => e.kind === 'limit');
  // BeforeLimits: with no limit an implicit "*" applies; otherwise v must be below at least one limit.
  if (limits.length && !limits.some((e) => versusEvent(cmp, v, e) < 0)) return undefined;
  let vulnerable = false;
  let opener = -1;
  events.forEach((e, i) => {
    const c = e.kind === 'limit' ? 0 : versusEvent(cmp, v, e);
    if (e.kind === 'introduced' && c >= 0) {
      vulnerable = true;
      opener = i;
    } else if (e.kind === 'fixed' && c >= 0) {
      vulnerable = false;
    } else if (e.kind === 'last_affected' && c > 0) {
      vulnerable = false;
    }
  });
  if (!vulnerable) return undefined;
  const interval: OsvInterval = { introduced: events[opener]!.version };
  const closer = events.slice(opener + 1).find((e) => e.kind === 'fixed' || e.kind === 'last_affected');
  if (closer?.kind === 'fixed') interval.fixed = closer.version;
  if (closer?.kind === 'last_affected') interval.lastAffected = closer.version;
  const limit = limits.filter((e) => versusEvent(cmp, v, e) < 0 && e.version !== '*')[0];
  if (limit) interval.limit = limit.version;
  return interval;
}

/** Renders an interval the way Docker Scout prints affected ranges: `>=2.3.0, <2.31.0`, `<=1.4`, `>=0`. */
export function describeInterval(interval: OsvInterval): string {
  const parts: string[] = [];
  if (interval.introduced !== '0') parts.push(`>=${interval.introduced}`);
  if (interval.fixed !== undefined) parts.push(`<${interval.fixed}`);
  else if (interval.lastAffected !== undefined) parts.push(`<=${interval.lastAffected}`);
  else if (interval.limit !== undefined) parts.push(`<${interval.limit}`);
  return parts.length ? parts.join(', ') : '>=0';
}

/** Every interval a range describes, in timeline order (for display when no version is at hand). */
export function rangeIntervals(range: OsvRange, cmp: VersionComparator): OsvInterval[] {
  const out: OsvInterval[] = [];
  let open: OsvInterval | undefined;
  for (const e of sortedEvents(range, cmp)) {
    if (e.kind === 'introduced' && !open) {
      open = { introduced: e.version };
    } else if ((e.kind === 'fixed' || e.kind === 'last_affected') && open) {
      if (e.kind === 'fixed') open.fixed = e.version;
      else open.lastAffected = e.version;
      out.push(open);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}

const evaluated = (range: OsvRange) => range.type !== 'GIT';

function unique(versions: string[], cmp: VersionComparator): string[] {
  const sorted = [...new Set(versions)].sort((a, b) => compareChecked(cmp, a, b));
  return sorted.filter((v, i) => i === 0 || compareChecked(cmp, sorted[i - 1]!, v) !== 0);
}

/**
 * Decides whether `version` of the package described by `affected` is vulnerable, following the OSV
 * schema's evaluation algorithm: `ECOSYSTEM` and `SEMVER` ranges are evaluated with `comparator`
 * (`introduced`, `fixed`, `last_affected`, `limit`, `"0"` and `"*"`), `GIT` ranges are skipped, and the
 * enumerated `versions` list is consulted as well.
 *
 * @throws InvalidVersionError when `version` is not a valid version for the comparator.
 * @throws InvalidOsvRangeError when a range is malformed or names versions the comparator cannot order.
 */
export function isAffected(version: string, affected: OsvAffected, comparator: VersionComparator): AffectedResult {
  // Validate the version under test first, so that a bad input is reported as such and not as a bad range.
  comparator.compare(version, version);
  const ranges = (affected.ranges ?? []).filter(evaluated);
  const intervals = ranges
    .map((range) => intervalContaining(version, range, comparator))
    .filter((i): i is OsvInterval => i !== undefined);
  if (intervals.length) {
    return {
      affected: true,
      matchedBy: 'range',
      fixedVersions: unique(
        intervals.flatMap((i) => (i.fixed === undefined ? [] : [i.fixed])),
        comparator,
      ),
      ranges: [...new Set(intervals.map(describeInterval))],
    };
  }
  const listed = (affected.versions ?? []).some(
    (v) => v === version || (comparator.isValid(v) && comparator.compare(v, version) === 0),
  );
  if (!listed) return { affected: false, fixedVersions: [], ranges: [] };
  const fixes = ranges.flatMap((r) =>
    sortedEvents(r, comparator)
      .filter((e) => e.kind === 'fixed' && compareChecked(comparator, e.version, version) > 0)
      .map((e) => e.version),
  );
  return { affected: true, matchedBy: 'versions', fixedVersions: unique(fixes, comparator), ranges: [`=${version}`] };
}
