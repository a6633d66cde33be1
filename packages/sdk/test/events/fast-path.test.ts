import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFastCheck } from '../../src/events/fast-check.js';
import { fastCloudEvents, fastEventGridEvents, fastPathUnsupported } from '../../src/events/fast-path.js';
import { cloudEventsOf, eventGridEventsOf } from '../../src/events/parse.js';
import { EventParseError, EventTypes, parseEventGridDelivery, toCloudEvent } from '../../src/events.js';
import { eventGridSample, invalidEventCases, type LooseJson, sampleNames } from './fixtures.js';

/**
 * The webhook's fast path (precompiled checks derived from the zod schemas) must agree with zod on every input:
 * accept exactly what zod accepts, with the same events. Checked over the official samples, every invalid-event
 * case of the parser tests, and thousands of generated deliveries, valid and broken.
 */

// A small seeded generator (mulberry32), so a failure names a seed that reproduces it.
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

const goodStrings = ['a', 'app', 'samples/nginx', 'ünïcødé', '😀', 'x'.repeat(300), ' ', '\ud800', 'a\u0000b'];
const goodTimes = [
  '2021-09-08T06:37:45.6609948Z',
  '2021-09-08T06:37:45Z',
  '2024-02-29T23:59:59.1+05:30',
  '2000-02-29T00:00:00-00:00',
  '2021-12-31T23:59:59.123456789+23:59',
];
const badTimes = [
  '2021-09-08 06:37',
  '2023-02-29T00:00:00Z',
  '2021-09-08T06:37Z',
  '2021-09-08T06:37:45.6609948z',
  '2021-09-08T24:00:00Z',
  '2021-09-08T06:37:60Z',
  '2021-09-08T06:37:45+24:00',
  '2021-09-08T06:37:45.Z',
  'yesterday',
  '',
];
const goodDigests = [`sha256:${'ab'.repeat(32)}`, 'sha256+b64:AbC=_-', 'a.b_c:0', 'sha512:x'];
const badDigests = ['SHA256:abc', 'sha256:', ':abc', 'sha256:ab c', 'not-a-digest', 'sha256::a', 'a..b:c', ''];
const goodSizes = [0, 1, 1234, 2 ** 53 - 1, -0];
const badSizes = [-1, 1.5, 2 ** 53, 1e300, -(2 ** 53)];
// Values of the wrong kind for almost any field (absent is `undefined`, dropped by the JSON round trip).
const wild: unknown[] = [undefined, null, 0, 7, -1, 1.5, true, false, '', 'x', [], ['a'], {}, { a: 1 }];
const types = [
  EventTypes.imagePushed,
  EventTypes.imageDeleted,
  EventTypes.chartPushed,
  EventTypes.chartDeleted,
  EventTypes.subscriptionValidation,
  EventTypes.subscriptionDeleted,
  'Microsoft.ContainerRegistry.SomethingNew',
  'toString',
  '__proto__',
  'constructor',
];

function optional(r: Random, value: () => unknown): unknown {
  return r.chance(0.3) ? undefined : value();
}

function imageData(r: Random): LooseJson {
  return {
    id: r.pick(goodStrings),
    timestamp: r.pick(goodTimes),
    action: r.pick(['push', 'delete']),
    location: optional(r, () => r.pick(['westus', ''])),
    target: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: optional(r, () => r.pick(goodSizes)),
      digest: r.pick(goodDigests),
      length: optional(r, () => r.pick(goodSizes)),
      repository: r.pick(goodStrings),
      tag: optional(r, () => r.pick(goodStrings)),
      url: optional(r, () => r.pick(['https://x/v2/y', ''])),
      ...(r.chance(0.2) ? { annotations: { a: 'b' } } : {}),
    },
    request: {
      id: r.pick(['', 'req-1']),
      host: r.pick(goodStrings),
      method: r.pick(['PUT', 'DELETE']),
      useragent: optional(r, () => r.pick(['', 'docker/24'])),
      addr: optional(r, () => '10.0.0.1'),
    },
    actor: optional(r, () => (r.chance(0.5) ? {} : { name: 'me' })),
    source: optional(r, () => ({ addr: optional(r, () => 'x'), instanceID: optional(r, () => 'i') })),
    connectedRegistry: optional(r, () => ({ name: r.pick(goodStrings) })),
    ...(r.chance(0.2) ? { future: [1, { deep: true }] } : {}),
  };
}

function dataFor(r: Random, type: string): unknown {
  switch (type) {
    case EventTypes.imagePushed:
    case EventTypes.imageDeleted:
      return imageData(r);
    case EventTypes.chartPushed:
    case EventTypes.chartDeleted: {
      const data = imageData(r);
      data.target = { mediaType: 'application/vnd.acr.helm.chart', repository: 'c', name: 'n', version: '1' };
      return data;
    }
    case EventTypes.subscriptionValidation:
      return { validationCode: r.pick(goodStrings), validationUrl: optional(r, () => 'https://v') };
    case EventTypes.subscriptionDeleted:
      return { eventSubscriptionId: optional(r, () => '/subscriptions/x') };
    default:
      return structuredClone(r.pick(wild));
  }
}

function eventGridEvent(r: Random): LooseJson {
  const eventType = r.pick(types);
  return {
    id: r.pick(goodStrings),
    topic: r.pick(goodStrings),
    subject: r.pick(['', 'app:v1']),
    eventType,
    eventTime: r.pick(goodTimes),
    data: dataFor(r, eventType),
    dataVersion: r.pick(['', '2.0']),
    metadataVersion: optional(r, () => '1'),
    ...(r.chance(0.2) ? { futureField: { x: [1] } } : {}),
  };
}

/** Every path of a JSON tree that holds an object member, for mutations. */
function memberPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...memberPaths(child, [...prefix, key])]);
}

/** Breaks the event in 1–3 places: a wrong kind of value, a bad timestamp, digest or size, or a missing member. */
function mutate(r: Random, event: LooseJson): void {
  for (let n = 1 + Math.floor(r.next() * 3); n > 0; n--) {
    const paths = memberPaths(event);
    if (paths.length === 0) return;
    const path = r.pick(paths);
    let parent: LooseJson = event;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path[path.length - 1] as string;
    const special =
      key === 'timestamp' || key === 'eventTime' || key === 'time'
        ? badTimes
        : key === 'digest'
          ? badDigests
          : key === 'size' || key === 'length'
            ? badSizes
            : key === 'specversion'
              ? ['0.3', '1', 1.0, '1.0 ']
              : wild;
    const value = structuredClone(r.chance(0.6) ? r.pick(special) : r.pick(wild));
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
}

/** A delivery as the webhook would decode it: valid, broken, or not a delivery at all. */
function delivery(r: Random, cloud: boolean): unknown {
  const roll = r.next();
  if (roll < 0.05) return r.pick(wild);
  const count = roll < 0.1 ? 0 : 1 + Math.floor(r.next() * 3);
  const events: unknown[] = Array.from({ length: count }, () => {
    const event = eventGridEvent(r);
    const shaped: LooseJson = cloud ? toCloudEvent(event as never) : event;
    if (cloud && r.chance(0.2)) delete shaped.time;
    if (r.chance(0.5)) mutate(r, shaped);
    return r.chance(0.03) ? structuredClone(r.pick(wild)) : shaped;
  });
  const body = cloud && count === 1 && r.chance(0.5) ? events[0] : events;
  return JSON.parse(JSON.stringify(body) ?? 'null'); // JSON-shaped, as the webhook sees it
}

/** What zod alone makes of a decoded body: the events, or the error's issues. */
function viaZod(parse: (decoded: unknown) => unknown[], decoded: unknown) {
  try {
    return { events: parse(decoded) };
  } catch (error) {
    if (!(error instanceof EventParseError)) throw error;
    return { issues: error.issues };
  }
}

describe('fast path', () => {
  it('covers every part of the delivery and event data schemas', () => {
    expect(fastPathUnsupported()).toEqual({});
  });

  it('declines the zod features it cannot judge exactly, and says where', () => {
    const check = compileFastCheck(
      z.object({ kept: z.string(), trimmed: z.string().trim(), strict: z.strictObject({}), n: z.number().default(1) }),
    );
    expect(check.unsupported.join('\n')).toMatch(/\(root\).*drops/);
    const loose = compileFastCheck(
      z.looseObject({ trimmed: z.string().trim(), strict: z.strictObject({}), n: z.number().default(1) }),
    );
    expect(loose.unsupported).toEqual([
      expect.stringContaining('trimmed'),
      expect.stringContaining('strict'),
      expect.stringContaining('n'),
    ]);
    expect(loose.test({ trimmed: 'a', strict: {}, n: 1 })).toBe(false);
    expect(z.looseObject({ trimmed: z.string().trim() }).safeParse({ trimmed: 'a' }).success).toBe(true);
  });

  it.each(sampleNames)('accepts the official %s sample exactly as zod does', (name) => {
    const decoded = JSON.parse(JSON.stringify([eventGridSample(name)]));
    const fast = fastEventGridEvents(decoded);
    expect(fast).toBeDefined();
    expect(fast).toEqual(eventGridEventsOf(structuredClone(decoded)));
    const cloud = JSON.parse(JSON.stringify([toCloudEvent(eventGridSample(name) as never)]));
    expect(fastCloudEvents(cloud)).toEqual(cloudEventsOf(structuredClone(cloud)));
  });

  it.each(invalidEventCases)('declines %s, and the delivery fails with zod’s error', (_name, breakIt, path) => {
    const event = structuredClone(eventGridSample('image_pushed')) as LooseJson;
    breakIt(event);
    expect(fastEventGridEvents(JSON.parse(JSON.stringify([event])))).toBeUndefined();
    const fromText = (() => {
      try {
        parseEventGridDelivery(JSON.stringify([event]));
      } catch (error) {
        return error as EventParseError;
      }
      throw new Error('expected an EventParseError');
    })();
    expect(fromText).toBeInstanceOf(EventParseError);
    expect(fromText.issues.map((issue) => issue.path)).toContain(path);
  });

  for (const [schema, cloud, fast, zod] of [
    ['Event Grid schema', false, fastEventGridEvents, eventGridEventsOf],
    ['CloudEvents', true, fastCloudEvents, cloudEventsOf],
  ] as const) {
    it(`agrees with zod on 4,000 generated ${schema} deliveries, valid and broken`, () => {
      let accepted = 0;
      let rejected = 0;
      for (let seed = 1; seed <= 4000; seed++) {
        const decoded = delivery(random(seed), cloud);
        const reference = viaZod(zod, structuredClone(decoded));
        const events = fast(decoded);
        // On a mismatch, the seed reproduces the delivery: delivery(random(seed), cloud).
        expect({ seed, accepted: events !== undefined }).toEqual({ seed, accepted: reference.events !== undefined });
        if (events) {
          expect(events).toEqual(reference.events);
          accepted++;
        } else rejected++;
      }
      // The generator must exercise both sides, or agreement proves little.
      expect(accepted).toBeGreaterThan(800);
      expect(rejected).toBeGreaterThan(800);
    });
  }

  it('gives a delivery parsed from text the same result as the same delivery parsed by zod alone', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const cloud = seed % 2 === 0;
      const decoded = delivery(random(seed), cloud);
      if (typeof decoded === 'string') continue; // a string body is text by definition: nothing to compare
      const headers = cloud ? { 'content-type': 'application/cloudevents-batch+json' } : {};
      const outcome = (body: unknown) => {
        try {
          const { events, aegEventType, schema } = parseEventGridDelivery(body, headers);
          return { events, aegEventType, schema };
        } catch (error) {
          if (!(error instanceof EventParseError)) throw error;
          return { message: error.message };
        }
      };
      // Text may take the fast path; an already-parsed body always goes through zod.
      expect({ seed, ...outcome(JSON.stringify(decoded)) }).toEqual({ seed, ...outcome(decoded) });
    }
  });
});
