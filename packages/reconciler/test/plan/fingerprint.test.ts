import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintObserved, stableStringify } from '../../src/plan/plan.js';
import type { ObservedState } from '../../src/state/index.js';
import { ADDRESS, converged, NOW } from './world.js';

/** The text the fingerprint was first defined over (built from joined pieces): saved plans hold its hash. */
function joinedStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(joinedStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${joinedStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('stableStringify', () => {
  it('writes exactly the text the fingerprint was defined over', () => {
    const samples: unknown[] = [
      null,
      0,
      -1.5,
      'a "quoted" \\ string\n',
      true,
      [],
      {},
      [1, [2, [3]], { b: 1, a: [null, 'x'] }],
      { z: 1, a: undefined, m: { y: [undefined, null, () => 1], x: 'é' } },
      { date: new Date(0), nested: [{ k: undefined }, { '': 0, 'key with "quote"': 1 }] },
    ];
    for (const sample of samples) expect(stableStringify(sample)).toBe(joinedStringify(sample));
  });

  it('gives a converged world of many registries the same fingerprint as before', () => {
    const registries: ObservedState['registries'] = {};
    for (let i = 0; i < 20; i++) registries[`${ADDRESS}${i}`] = { ...converged(), address: `${ADDRESS}${i}` };
    const observed: ObservedState = { registries, managedElsewhere: [converged()], observedAt: NOW.toISOString() };
    const { observedAt: _time, ...rest } = observed;
    const before = createHash('sha256').update(joinedStringify(rest)).digest('hex');
    expect(fingerprintObserved(observed)).toBe(before);
  });
});
