import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { createNpmComparator, npmComparator, parseNpmSemver } from '../../../src/vuln/versions/npm-semver.js';
import { mutateWith, Random } from '../reference/random.js';

const strict = createNpmComparator({ loose: false });

describe('npm (node-semver) versions', () => {
  it('orders the SemVer 2.0 spec example sequence', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '2.1.0',
      '2.1.1',
    ];
    for (let i = 0; i < ordered.length - 1; i++) expect(strict.compare(ordered[i]!, ordered[i + 1]!)).toBe(-1);
  });

  it.each([
    ['1.2.3+build.1', '1.2.3+build.2', 0],
    ['v1.2.3', '1.2.3', 0],
    ['1.2.3-1', '1.2.3-a', -1],
    ['1.2.3-9', '1.2.3-10', -1],
  ] as const)('strict %s vs %s -> %d', (a, b, expected) => {
    expect(strict.compare(a, b)).toBe(expected);
  });

  it('is lenient exactly where node-semver loose mode is', () => {
    expect(npmComparator.compare('=v1.2.3', '1.2.3')).toBe(0);
    expect(npmComparator.compare('01.02.03', '1.2.3')).toBe(0);
    expect(npmComparator.compare('1.2.3beta', '1.2.3-beta')).toBe(0);
    expect(strict.isValid('1.2.3beta')).toBe(false);
    expect(strict.isValid('01.2.3')).toBe(false);
  });

  it.each([
    '',
    '1.2',
    '1.2.3.4',
    'a.b.c',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-01',
    `1.2.${'9'.repeat(17)}`,
    `1.2.3-${'a'.repeat(260)}`,
  ])('strict mode rejects %j', (v) => {
    expect(() => strict.compare(v, '1.0.0')).toThrow(InvalidVersionError);
    expect(semver.valid(v)).toBeNull();
  });

  it('keeps huge prerelease numbers as strings, like node-semver', () => {
    expect(parseNpmSemver('1.0.0-9007199254740993').prerelease).toEqual(['9007199254740993']);
  });

  for (const loose of [false, true]) {
    it(`orders 10,000 generated pairs exactly like semver.compare (loose: ${loose})`, () => {
      const rnd = new Random(loose ? 0x5e1 : 0x5e2);
      const ours = createNpmComparator({ loose });
      // Strict mode gets fewer loose-only spellings so that most pairs exercise the ordering itself.
      const n = () => (loose ? rnd.paddedNum() : rnd.num());
      const id = () => (rnd.chance(0.5) ? n() : rnd.pick(['alpha', 'beta', 'rc', 'x-y', '0a', 'a0', '-', 'next', 'B']));
      const gen = () => {
        let v = rnd.chance(0.1) ? rnd.pick(loose ? ['v', '=', 'v=', ' '] : ['v', ' ']) : '';
        v += `${n()}.${n()}.${n()}`;
        if (rnd.chance(0.4)) {
          v += rnd.chance(loose ? 0.9 : 0.99) ? '-' : '';
          v += id();
          for (let n = rnd.int(0, 3); n > 0; n--) v += `.${id()}`;
        }
        if (rnd.chance(0.2)) v += `+${rnd.pick(['build', '001', 'sha.5114f85', 'x-1'])}`;
        return v;
      };
      const pairs = rnd.pairs(
        10_000,
        gen,
        mutateWith(rnd, '0123456789.-+av', ['-0', '.1', '-rc.1', '+b', 'beta', '.0']),
      );
      let valid = 0;
      const mismatches: unknown[] = [];
      for (const [a, b] of pairs) {
        let reference: number | 'error';
        try {
          reference = semver.compare(a, b, loose);
        } catch {
          reference = 'error';
        }
        let result: number | 'error';
        try {
          result = ours.compare(a, b);
          valid++;
        } catch {
          result = 'error';
        }
        if (result !== reference) mismatches.push({ a, b, result, reference });
      }
      console.log(`npm: checked ${pairs.length} pairs against node-semver (loose ${loose}, ${valid} valid)`);
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(valid).toBeGreaterThan(3000);
    });
  }
});
