import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { goComparator, isGoPseudoVersion, parseGoVersion } from '../../../src/vuln/versions/go.js';
import { mutateWith, Random } from '../reference/random.js';

const cmp = goComparator.compare;

// golang.org/x/mod/semver semver_test.go `tests` (commit 8b446299): inputs in ascending order, with their
// canonical form ('' = invalid). TestCompare requires Compare(i, j) = sign(i - j) unless canonical forms match.
const GO_TESTS: [string, string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

describe('Go module versions', () => {
  it("accepts exactly what x/mod/semver's IsValid accepts (its own test table)", () => {
    for (const [input, canonical] of GO_TESTS) expect(goComparator.isValid(input), input).toBe(canonical !== '');
    expect(goComparator.isValid('1.22.0-0')).toBe(true); // OSV writes Go versions without the v
    expect(goComparator.isValid('v01.2.3')).toBe(false);
    expect(goComparator.isValid('v1.2.3-01')).toBe(false);
  });

  it("orders x/mod/semver's test table like its TestCompare", () => {
    const valid = GO_TESTS.filter(([, c]) => c !== '');
    for (let i = 0; i < valid.length; i++) {
      for (let j = 0; j < valid.length; j++) {
        const [a, ca] = valid[i]!;
        const [b, cb] = valid[j]!;
        const want = ca === cb ? 0 : i < j ? -1 : 1;
        expect(cmp(a, b), `${a} vs ${b}`).toBe(want);
      }
    }
    expect(cmp('v1.19', 'v1.2')).toBe(1); // the extra TestCompare rows
    expect(cmp('v2', 'v1')).toBe(1);
  });

  it('orders pseudo-versions and +incompatible like the go command', () => {
    expect(cmp('0.0.0-20210520170846-37e1c6afe023', '0.0.0-20210428140749-89ef3d95e781')).toBe(1);
    expect(cmp('0.1.1-0.20221104162952-702349b0e862', '0.1.0')).toBe(1);
    expect(cmp('0.1.1-0.20221104162952-702349b0e862', '0.1.1')).toBe(-1);
    expect(cmp('1.22.0-0', '1.22.0-rc.1')).toBe(-1);
    expect(cmp('2.0.0+incompatible', '2.0.0')).toBe(0);
    expect(cmp('v2.1.0+incompatible', 'v2.0.9')).toBe(1);
    // Numbers are compared exactly, however long.
    expect(cmp('1.0.0-99999999999999999999', '1.0.0-99999999999999999998')).toBe(1);
    expect(cmp('v100000000000000000000.0.0', 'v99999999999999999999.0.0')).toBe(1);
    expect(isGoPseudoVersion('0.0.0-20210520170846-37e1c6afe023')).toBe(true);
    expect(isGoPseudoVersion('v0.1.1-0.20221104162952-702349b0e862')).toBe(true);
    expect(isGoPseudoVersion('v1.2.3-pre')).toBe(false);
  });

  it('parses shorthands and rejects garbage with a typed error', () => {
    expect(parseGoVersion('v1.2')).toMatchObject({ major: '1', minor: '2', patch: '0', short: true });
    expect(() => cmp('bad', 'v1.0.0')).toThrow(InvalidVersionError);
  });

  it('agrees with node-semver on 10,000 generated pairs of plain SemVer versions', () => {
    // No Go toolchain here: on full three-part versions x/mod/semver and SemVer 2.0 define the same order.
    // Numbers stay below 2^53: node-semver compares huge numeric identifiers as doubles, Go exactly.
    const rnd = new Random(0x60, false);
    const id = () => (rnd.chance(0.5) ? rnd.num() : rnd.pick(['alpha', 'beta', 'rc', 'pre', '0a', 'x-y', '-']));
    const gen = () => {
      let v = `${rnd.num()}.${rnd.num()}.${rnd.num()}`;
      if (rnd.chance(0.5)) {
        v += `-${id()}`;
        for (let n = rnd.int(0, 3); n > 0; n--) v += `.${id()}`;
      }
      if (rnd.chance(0.15)) v += rnd.pick(['+incompatible', '+meta', '+0001']);
      return rnd.chance(0.5) ? `v${v}` : v;
    };
    const pairs = rnd.pairs(10_000, gen, mutateWith(rnd, '0123456789.-a', ['-0', '.1', '-rc.1', '+incompatible']));
    let checked = 0;
    const mismatches: unknown[] = [];
    for (const [a, b] of pairs) {
      // Only where both sides are valid for both libraries (node-semver caps numbers at 2^53).
      if (!goComparator.isValid(a) || !goComparator.isValid(b) || !semver.valid(a) || !semver.valid(b)) continue;
      checked++;
      const ours = cmp(a, b);
      const reference = semver.compare(a, b);
      if (ours !== reference) mismatches.push({ a, b, ours, reference });
    }
    console.log(`go: checked ${checked} of ${pairs.length} pairs against node-semver`);
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });
});
