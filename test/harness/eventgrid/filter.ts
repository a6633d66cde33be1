/**
 * Event Grid's subscription filter, as a pure function: event types, subject begins/ends with, and advanced
 * filters. Semantics follow "Understand event filtering for Event Grid subscriptions":
 * - advanced filters are ANDed; the values of one filter are ORed (the NOT operators AND them instead);
 * - string comparisons are case-insensitive; the subject filters too unless `isSubjectCaseSensitive`;
 * - a key missing from the event (or null) matches only the NOT operators and IsNullOrUndefined;
 * - an array value never matches unless `enableAdvancedFilteringOnArrays`, in which case a positive operator
 *   needs one matching element and a NOT operator needs every element to pass.
 */
import type { EventGridEvent } from '@scout-acr/sdk/events';
import type { AdvancedFilter, SubscriptionFilter } from './subscription-config.js';

export type FilterResult = { matched: true } | { matched: false; reason: string };

// Envelope keys a filter may name, per schema (Event Grid schema names and their CloudEvents counterparts).
const envelopeKeys: Record<string, keyof EventGridEvent> = {
  id: 'id',
  eventid: 'id',
  topic: 'topic',
  source: 'topic',
  subject: 'subject',
  eventtype: 'eventType',
  type: 'eventType',
  dataversion: 'dataVersion',
  eventtypeversion: 'dataVersion',
  eventtime: 'eventTime',
  time: 'eventTime',
  data: 'data',
};

/** Resolves a filter key like `data.target.repository` (first segment case-insensitive). */
export function resolveFilterKey(event: EventGridEvent, key: string): { found: boolean; value: unknown } {
  const [head = '', ...rest] = key.split('.');
  const field = envelopeKeys[head.toLowerCase()];
  if (field === undefined) return { found: false, value: undefined };
  let current: unknown = event[field];
  for (const segment of rest) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) {
      return { found: false, value: undefined };
    }
    const object = current as Record<string, unknown>;
    const exact = Object.hasOwn(object, segment) ? segment : undefined;
    const name = exact ?? Object.keys(object).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (name === undefined) return { found: false, value: undefined };
    current = object[name];
  }
  return { found: current !== undefined, value: current };
}

const lower = (value: string) => value.toLowerCase();
const stringValues = (filter: AdvancedFilter) =>
  (filter.values ?? []).filter((v): v is string => typeof v === 'string').map(lower);
const numberValues = (filter: AdvancedFilter) =>
  (filter.values ?? []).filter((v): v is number => typeof v === 'number');

type ElementTest = (element: unknown) => boolean;

/** The positive form of each operator, tested on one scalar; `negated` marks the NOT operators. */
function operator(filter: AdvancedFilter): { test: ElementTest; negated: boolean } | undefined {
  const asString =
    (fn: (s: string) => boolean): ElementTest =>
    (e) =>
      typeof e === 'string' && fn(lower(e));
  const asNumber =
    (fn: (n: number) => boolean): ElementTest =>
    (e) =>
      typeof e === 'number' && fn(e);
  const single = typeof filter.value === 'number' ? filter.value : Number.NaN;
  const ranges = (filter.values ?? []).filter(
    (r): r is [number, number] => Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number',
  );
  const inRange = asNumber((n) => ranges.some(([min, max]) => n >= min && n <= max));
  switch (filter.operatorType) {
    case 'StringIn':
    case 'StringNotIn':
      return {
        test: asString((s) => stringValues(filter).includes(s)),
        negated: filter.operatorType === 'StringNotIn',
      };
    case 'StringBeginsWith':
    case 'StringNotBeginsWith':
      return {
        test: asString((s) => stringValues(filter).some((v) => s.startsWith(v))),
        negated: filter.operatorType === 'StringNotBeginsWith',
      };
    case 'StringEndsWith':
    case 'StringNotEndsWith':
      return {
        test: asString((s) => stringValues(filter).some((v) => s.endsWith(v))),
        negated: filter.operatorType === 'StringNotEndsWith',
      };
    case 'StringContains':
    case 'StringNotContains':
      return {
        test: asString((s) => stringValues(filter).some((v) => s.includes(v))),
        negated: filter.operatorType === 'StringNotContains',
      };
    case 'NumberIn':
    case 'NumberNotIn':
      return {
        test: asNumber((n) => numberValues(filter).includes(n)),
        negated: filter.operatorType === 'NumberNotIn',
      };
    case 'NumberInRange':
      return { test: inRange, negated: false };
    case 'NumberNotInRange':
      return { test: inRange, negated: true };
    case 'NumberGreaterThan':
      return { test: asNumber((n) => n > single), negated: false };
    case 'NumberGreaterThanOrEquals':
      return { test: asNumber((n) => n >= single), negated: false };
    case 'NumberLessThan':
      return { test: asNumber((n) => n < single), negated: false };
    case 'NumberLessThanOrEquals':
      return { test: asNumber((n) => n <= single), negated: false };
    case 'BoolEquals':
      return { test: (e) => typeof e === 'boolean' && e === filter.value, negated: false };
    default:
      return undefined;
  }
}

/** Evaluates one advanced filter against an event. Unknown operators never match. */
export function matchesAdvancedFilter(event: EventGridEvent, filter: AdvancedFilter, arraysEnabled: boolean): boolean {
  const { found, value } = resolveFilterKey(event, filter.key);
  const absent = !found || value === null;
  if (filter.operatorType === 'IsNullOrUndefined') return absent;
  if (filter.operatorType === 'IsNotNull') return !absent;
  const op = operator(filter);
  if (op === undefined) return false;
  if (absent) return op.negated;
  if (Array.isArray(value)) {
    if (!arraysEnabled) return false;
    return op.negated ? value.every((e) => !op.test(e)) : value.some((e) => op.test(e));
  }
  return op.negated ? !op.test(value) : op.test(value);
}

/** Decides whether a subscription receives an event, with the reason when it does not. */
export function evaluateFilter(event: EventGridEvent, filter: SubscriptionFilter): FilterResult {
  const types = filter.includedEventTypes;
  if (types !== undefined && types.length > 0) {
    const wanted = types.map(lower);
    if (!wanted.includes(lower(event.eventType))) {
      return { matched: false, reason: `eventType ${event.eventType} not in includedEventTypes` };
    }
  }
  const fold = (s: string) => (filter.isSubjectCaseSensitive ? s : lower(s));
  const subject = fold(event.subject);
  if (filter.subjectBeginsWith && !subject.startsWith(fold(filter.subjectBeginsWith))) {
    return { matched: false, reason: `subject does not begin with '${filter.subjectBeginsWith}'` };
  }
  if (filter.subjectEndsWith && !subject.endsWith(fold(filter.subjectEndsWith))) {
    return { matched: false, reason: `subject does not end with '${filter.subjectEndsWith}'` };
  }
  for (const advanced of filter.advancedFilters) {
    if (!matchesAdvancedFilter(event, advanced, filter.enableAdvancedFilteringOnArrays)) {
      return { matched: false, reason: `advanced filter ${advanced.operatorType} on ${advanced.key} did not match` };
    }
  }
  return { matched: true };
}
