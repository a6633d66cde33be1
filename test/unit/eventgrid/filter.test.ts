import type { EventGridEvent } from '@scout-acr/sdk/events';
import { describe, expect, it } from 'vitest';
import {
  type AdvancedFilter,
  evaluateFilter,
  matchesAdvancedFilter,
  resolveFilterKey,
  type SubscriptionFilter,
} from '../../harness/eventgrid/index.js';
import { type LooseJson, officialSample } from './samples.js';

const pushed = officialSample('image_pushed') as EventGridEvent<LooseJson>;
const event: EventGridEvent = {
  ...pushed,
  data: { ...pushed.data, size: 1153, tags: ['latest', 'v1'], sizes: [10, 20], flag: true, nothing: null },
};

function filter(overrides: Partial<SubscriptionFilter> = {}): SubscriptionFilter {
  return {
    includedEventTypes: undefined,
    subjectBeginsWith: undefined,
    subjectEndsWith: undefined,
    isSubjectCaseSensitive: false,
    enableAdvancedFilteringOnArrays: false,
    advancedFilters: [],
    ...overrides,
  };
}

describe('basic filters', () => {
  it('matches everything without filters', () => {
    expect(evaluateFilter(event, filter())).toEqual({ matched: true });
    expect(evaluateFilter(event, filter({ includedEventTypes: [] }))).toEqual({ matched: true });
  });

  it('includedEventTypes (case-insensitive)', () => {
    expect(
      evaluateFilter(event, filter({ includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed'] })).matched,
    ).toBe(true);
    expect(
      evaluateFilter(event, filter({ includedEventTypes: ['microsoft.containerregistry.imagepushed'] })).matched,
    ).toBe(true);
    const miss = evaluateFilter(event, filter({ includedEventTypes: ['Microsoft.ContainerRegistry.ImageDeleted'] }));
    expect(miss).toEqual({ matched: false, reason: expect.stringContaining('includedEventTypes') });
  });

  it.each([
    [{ subjectBeginsWith: 'samples/' }, true],
    [{ subjectBeginsWith: 'SAMPLES/' }, true],
    [{ subjectBeginsWith: 'SAMPLES/', isSubjectCaseSensitive: true }, false],
    [{ subjectBeginsWith: 'other/' }, false],
    [{ subjectEndsWith: ':latest' }, true],
    [{ subjectEndsWith: ':LATEST' }, true],
    [{ subjectEndsWith: ':LATEST', isSubjectCaseSensitive: true }, false],
    [{ subjectEndsWith: ':v1' }, false],
    [{ subjectBeginsWith: 'samples/', subjectEndsWith: ':latest' }, true],
    [{ subjectBeginsWith: 'samples/', subjectEndsWith: ':v1' }, false],
    [{ subjectBeginsWith: '' }, true],
  ] as const)('subject filter %o → %s', (overrides, expected) => {
    expect(evaluateFilter(event, filter(overrides)).matched).toBe(expected);
  });
});

describe('filter keys', () => {
  it('resolves envelope keys in both schemas, case-insensitively, and data paths', () => {
    expect(resolveFilterKey(event, 'subject').value).toBe('samples/nginx:latest');
    expect(resolveFilterKey(event, 'Subject').value).toBe('samples/nginx:latest');
    expect(resolveFilterKey(event, 'eventType').value).toBe('Microsoft.ContainerRegistry.ImagePushed');
    expect(resolveFilterKey(event, 'type').value).toBe('Microsoft.ContainerRegistry.ImagePushed');
    expect(resolveFilterKey(event, 'source').value).toBe(event.topic);
    expect(resolveFilterKey(event, 'eventid').value).toBe(event.id);
    expect(resolveFilterKey(event, 'dataversion').value).toBe('2.0');
    expect(resolveFilterKey(event, 'data.target.repository').value).toBe('samples/nginx');
    expect(resolveFilterKey(event, 'Data.Target.Repository').value).toBe('samples/nginx');
    expect(resolveFilterKey(event, 'data.target.missing')).toEqual({ found: false, value: undefined });
    expect(resolveFilterKey(event, 'data.target.repository.deeper')).toEqual({ found: false, value: undefined });
    expect(resolveFilterKey(event, 'unknownTopLevel')).toEqual({ found: false, value: undefined });
    expect(resolveFilterKey(event, 'data.nothing')).toEqual({ found: true, value: null });
  });
});

describe('advanced filters', () => {
  const cases: Array<[AdvancedFilter, boolean]> = [
    [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['samples/nginx', 'x'] }, true],
    [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['SAMPLES/NGINX'] }, true],
    [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['other'] }, false],
    [{ operatorType: 'StringIn', key: 'data.target.missing', values: ['other'] }, false],
    [{ operatorType: 'StringNotIn', key: 'data.target.repository', values: ['other', 'x'] }, true],
    [{ operatorType: 'StringNotIn', key: 'data.target.repository', values: ['other', 'Samples/Nginx'] }, false],
    [{ operatorType: 'StringNotIn', key: 'data.target.missing', values: ['other'] }, true],
    [{ operatorType: 'StringBeginsWith', key: 'data.target.repository', values: ['nope', 'samp'] }, true],
    [{ operatorType: 'StringBeginsWith', key: 'data.target.repository', values: ['nginx'] }, false],
    [{ operatorType: 'StringNotBeginsWith', key: 'data.target.repository', values: ['nginx'] }, true],
    [{ operatorType: 'StringNotBeginsWith', key: 'data.target.repository', values: ['SAMP'] }, false],
    [{ operatorType: 'StringEndsWith', key: 'data.target.repository', values: ['/NGINX'] }, true],
    [{ operatorType: 'StringEndsWith', key: 'data.target.repository', values: ['samples'] }, false],
    [{ operatorType: 'StringNotEndsWith', key: 'data.target.repository', values: ['samples'] }, true],
    [{ operatorType: 'StringNotEndsWith', key: 'data.target.repository', values: ['nginx'] }, false],
    [{ operatorType: 'StringContains', key: 'data.request.useragent', values: ['GO/GO1.13'] }, true],
    [{ operatorType: 'StringContains', key: 'data.request.useragent', values: ['podman'] }, false],
    [{ operatorType: 'StringNotContains', key: 'data.request.useragent', values: ['podman'] }, true],
    [{ operatorType: 'StringNotContains', key: 'data.request.useragent', values: ['podman', 'docker'] }, false],
    [{ operatorType: 'StringIn', key: 'data.target.size', values: ['1153'] }, false],
    [{ operatorType: 'NumberIn', key: 'data.target.size', values: [1, 1153] }, true],
    [{ operatorType: 'NumberIn', key: 'data.target.size', values: [1] }, false],
    [{ operatorType: 'NumberIn', key: 'data.target.repository', values: [1] }, false],
    [{ operatorType: 'NumberNotIn', key: 'data.target.size', values: [1, 2] }, true],
    [{ operatorType: 'NumberNotIn', key: 'data.target.size', values: [1153] }, false],
    [{ operatorType: 'NumberNotIn', key: 'data.target.missing', values: [1] }, true],
    [{ operatorType: 'NumberGreaterThan', key: 'data.target.size', value: 1152 }, true],
    [{ operatorType: 'NumberGreaterThan', key: 'data.target.size', value: 1153 }, false],
    [{ operatorType: 'NumberGreaterThanOrEquals', key: 'data.target.size', value: 1153 }, true],
    [{ operatorType: 'NumberGreaterThanOrEquals', key: 'data.target.size', value: 1154 }, false],
    [{ operatorType: 'NumberLessThan', key: 'data.target.size', value: 1154 }, true],
    [{ operatorType: 'NumberLessThan', key: 'data.target.size', value: 1153 }, false],
    [{ operatorType: 'NumberLessThanOrEquals', key: 'data.target.size', value: 1153 }, true],
    [{ operatorType: 'NumberLessThanOrEquals', key: 'data.target.size', value: 1152 }, false],
    [{ operatorType: 'NumberGreaterThan', key: 'data.target.missing', value: 0 }, false],
    [
      {
        operatorType: 'NumberInRange',
        key: 'data.target.size',
        values: [
          [0, 10],
          [1000, 2000],
        ],
      },
      true,
    ],
    [{ operatorType: 'NumberInRange', key: 'data.target.size', values: [[1153, 1153]] }, true],
    [{ operatorType: 'NumberInRange', key: 'data.target.size', values: [[0, 10]] }, false],
    [{ operatorType: 'NumberNotInRange', key: 'data.target.size', values: [[0, 10]] }, true],
    [{ operatorType: 'NumberNotInRange', key: 'data.target.size', values: [[1000, 2000]] }, false],
    [{ operatorType: 'BoolEquals', key: 'data.flag', value: true }, true],
    [{ operatorType: 'BoolEquals', key: 'data.flag', value: false }, false],
    [{ operatorType: 'BoolEquals', key: 'data.target.repository', value: true }, false],
    [{ operatorType: 'IsNullOrUndefined', key: 'data.target.missing' }, true],
    [{ operatorType: 'IsNullOrUndefined', key: 'data.nothing' }, true],
    [{ operatorType: 'IsNullOrUndefined', key: 'data.target.tag' }, false],
    [{ operatorType: 'IsNotNull', key: 'data.target.tag' }, true],
    [{ operatorType: 'IsNotNull', key: 'data.nothing' }, false],
    [{ operatorType: 'IsNotNull', key: 'data.target.missing' }, false],
    [{ operatorType: 'StringIn', key: 'subject', values: ['samples/nginx:latest'] }, true],
    [{ operatorType: 'StringBeginsWith', key: 'eventType', values: ['Microsoft.ContainerRegistry.'] }, true],
    [{ operatorType: 'NoSuchOperator', key: 'subject', values: ['x'] }, false],
  ];

  it.each(cases)('%o → %s', (advanced, expected) => {
    expect(matchesAdvancedFilter(event, advanced, false)).toBe(expected);
  });

  const arrayCases: Array<[AdvancedFilter, boolean, boolean]> = [
    // [filter, without enableAdvancedFilteringOnArrays, with it]
    [{ operatorType: 'StringIn', key: 'data.tags', values: ['v1'] }, false, true],
    [{ operatorType: 'StringIn', key: 'data.tags', values: ['v2'] }, false, false],
    [{ operatorType: 'StringContains', key: 'data.tags', values: ['lat'] }, false, true],
    [{ operatorType: 'StringNotIn', key: 'data.tags', values: ['v2'] }, false, true],
    [{ operatorType: 'StringNotIn', key: 'data.tags', values: ['v1'] }, false, false],
    [{ operatorType: 'StringNotContains', key: 'data.tags', values: ['x'] }, false, true],
    [{ operatorType: 'NumberIn', key: 'data.sizes', values: [20] }, false, true],
    [{ operatorType: 'NumberGreaterThan', key: 'data.sizes', value: 15 }, false, true],
    [{ operatorType: 'NumberGreaterThan', key: 'data.sizes', value: 25 }, false, false],
    [{ operatorType: 'NumberNotIn', key: 'data.sizes', values: [10] }, false, false],
    [{ operatorType: 'NumberNotInRange', key: 'data.sizes', values: [[30, 40]] }, false, true],
    [{ operatorType: 'IsNotNull', key: 'data.tags' }, true, true],
  ];

  it.each(arrayCases)('array value %o → %s / %s with arrays enabled', (advanced, off, on) => {
    expect(matchesAdvancedFilter(event, advanced, false)).toBe(off);
    expect(matchesAdvancedFilter(event, advanced, true)).toBe(on);
  });

  it('ANDs advanced filters with each other and with the basic filters', () => {
    const repo: AdvancedFilter = { operatorType: 'StringIn', key: 'data.target.repository', values: ['samples/nginx'] };
    const tag: AdvancedFilter = { operatorType: 'StringIn', key: 'data.target.tag', values: ['v1'] };
    expect(evaluateFilter(event, filter({ advancedFilters: [repo] })).matched).toBe(true);
    const both = evaluateFilter(event, filter({ advancedFilters: [repo, tag] }));
    expect(both).toEqual({ matched: false, reason: expect.stringContaining('data.target.tag') });
    expect(evaluateFilter(event, filter({ advancedFilters: [repo], subjectEndsWith: ':v1' })).matched).toBe(false);
  });
});
