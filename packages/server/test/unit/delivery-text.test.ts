import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../src/http/index.js';
import { scanDelivery } from '../../src/webhook/delivery-text.js';

// A small seeded generator (mulberry32): a failure names the seed that reproduces it.
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

// Strings that trip naive scanners: brackets, quotes and backslashes inside strings, escapes, non-ASCII.
const tricky = ['', 'a', '[', ']', '{', '}', ',', '"', '\\', '\\"', '"\\', '\\\\', '[{"', 'é😀', '\u2028', ' \n\t'];

function value(r: ReturnType<typeof random>, depth: number): unknown {
  const roll = r.next();
  if (depth <= 0 || roll < 0.35) return r.pick([0, -1.5e3, true, false, null, ...tricky]);
  if (roll < 0.65) return Array.from({ length: Math.floor(r.next() * 4) }, () => value(r, depth - 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(r.next() * 4) }, () => [r.pick(tricky), value(r, depth - 1)]),
  );
}

/** JSON text with random whitespace between tokens (strings untouched). */
function spaced(r: ReturnType<typeof random>, text: string): string {
  return JSON.stringify(JSON.parse(text), null, r.pick([0, 1, '\t', ' \r\n ']) as never);
}

describe('scanDelivery', () => {
  it('finds each top-level item exactly as written', () => {
    const text = ' [ {"id":"a","s":"]\\"[,"} ,\n\t{"id" : "b"} , 7,"x,]" ,[1,[2]] ]\n';
    expect(scanDelivery(text, 32)).toEqual({
      tooDeep: false,
      items: ['{"id":"a","s":"]\\"[,"}', '{"id" : "b"}', '7', '"x,]"', '[1,[2]]'],
    });
    expect(scanDelivery('\n {"specversion":"1.0", "d":[{}]} \r\n', 32).items).toEqual([
      '{"specversion":"1.0", "d":[{}]}',
    ]);
    expect(scanDelivery('[]', 32).items).toEqual([]);
  });

  it('agrees with JSON.parse on the items and with jsonDepthExceeds on the depth, for generated JSON', () => {
    const seen = { deep: 0, scanned: 0 };
    for (let seed = 1; seed <= 3000; seed++) {
      const r = random(seed);
      const top = Array.from({ length: Math.floor(r.next() * 4) }, () => value(r, 6));
      const asObject = r.next() < 0.2;
      const text = spaced(r, JSON.stringify(asObject ? { only: top } : top));
      const limit = 1 + Math.floor(r.next() * 8);
      const scanned = scanDelivery(text, limit);
      expect({ seed, tooDeep: scanned.tooDeep }).toEqual({ seed, tooDeep: jsonDepthExceeds(text, limit) });
      seen[scanned.tooDeep ? 'deep' : 'scanned']++;
      if (scanned.tooDeep) continue;
      const parsed = JSON.parse(text);
      expect({ seed, items: scanned.items.map((item) => JSON.parse(item)) }).toEqual({
        seed,
        items: asObject ? [parsed] : parsed,
      });
      for (const item of scanned.items) expect(item).toBe(item.trim());
    }
    expect(seen.deep).toBeGreaterThan(500);
    expect(seen.scanned).toBeGreaterThan(500);
  });

  it('refuses hostile nesting early, whatever hides in strings', () => {
    expect(scanDelivery(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 32).tooDeep).toBe(true);
    expect(scanDelivery(`{"a":${'{"b":'.repeat(40)}1${'}'.repeat(41)}`, 32).tooDeep).toBe(true);
    expect(scanDelivery(`["${'['.repeat(1000)}"]`, 2).tooDeep).toBe(false);
    expect(scanDelivery(`["\\\\", ${'['.repeat(5)}]`, 3).tooDeep).toBe(true);
    expect(scanDelivery(`["\\"${'['.repeat(5)}"]`, 3).tooDeep).toBe(false);
  });

  it('stops quietly on text that is not JSON (JSON.parse then refuses it)', () => {
    expect(scanDelivery('[{"id": "x", ', 32).tooDeep).toBe(false);
    expect(scanDelivery('["unterminated', 32).tooDeep).toBe(false);
    expect(scanDelivery('', 32)).toEqual({ tooDeep: false, items: [] });
  });
});
