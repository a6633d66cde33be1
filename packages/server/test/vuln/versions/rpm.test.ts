import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { parseRpmEvr, rpmComparator, rpmvercmp } from '../../../src/vuln/versions/rpm.js';
import { mutateWith, Random } from '../reference/random.js';
import { attempt, pairLine, runBatch, toOrdering } from '../reference/run-tool.js';

const cmp = rpmComparator.compare;

/** Asks the installed rpm, once, through its embedded Lua (`rpm.vercmp`), for every pair in the batch. */
function rpmReference(pairs: [string, string][]): (-1 | 0 | 1 | 'error')[] {
  const lua = `%{lua:
for line in io.lines('{FILE}') do
  local a, b = line:match('^(.-)\\t(.*)$')
  local ok, r = pcall(rpm.vercmp, a, b)
  print(tostring(ok and r or 'E') .. '\\n')
end}`;
  const out = runBatch(
    'rpm',
    ['--eval', lua],
    pairs.map(([a, b]) => pairLine(a, b)),
    { viaFile: true },
  );
  return out.filter((l) => l !== '').map(toOrdering);
}

describe('rpm versions', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0^git1', '1.0', 1],
    ['1.0^git1', '1.0.1', -1],
    ['1.0~rc1^git1', '1.0~rc1', 1],
    ['1.01', '1.1', 0],
    ['1.0a', '1.0', 1],
    ['1.0', '1.0a', -1],
    ['1a', '1.1', -1], // numeric segments beat alphabetic ones
    ['1_0', '1.0', 0], // separators are not compared
    ['1:1.0', '2.0', 1],
    ['0:1.0-1', '1.0-1', 0],
    ['1.0-1.el9', '1.0-1.el9_2', -1],
    ['1.0-2', '1.0-10', -1],
    ['1.0', '1.0-1', -1],
    ['1.0-~', '1.0', 1],
  ] as const)('%s vs %s -> %d', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });

  it('splits epoch, version and release like parseEVR()', () => {
    expect(parseRpmEvr('2:1.0-3.el9')).toEqual({ epoch: '2', version: '1.0', release: '3.el9' });
    expect(parseRpmEvr('1.0-1-2')).toEqual({ epoch: undefined, version: '1.0-1', release: '2' });
    expect(parseRpmEvr(':1')).toEqual({ epoch: '0', version: '1', release: undefined });
    expect(rpmvercmp('2.0.1', '2.0.1a')).toBe(-1);
  });

  it('rejects the empty version, as rpm does', () => {
    expect(() => cmp('', '1')).toThrow(InvalidVersionError);
    expect(rpmReference([['', '1']])).toEqual(['error']);
  });

  it('orders 10,000 generated pairs exactly like rpm.vercmp (one rpm process)', () => {
    const rnd = new Random(0x4e7);
    const seg = () =>
      rnd.pick([
        rnd.paddedNum(),
        rnd.paddedNum(),
        rnd.pick(['a', 'b', 'rc', 'el', 'fc', 'git', 'Z', 'x']),
        rnd.pick(['.', '.', '_', '+', '~', '^', '-', '~~']),
      ]);
    const gen = () => {
      let v = rnd.chance(0.15) ? `${rnd.pick(['', '0', '1', '01', '2'])}:` : '';
      v += rnd.num();
      for (let n = rnd.int(0, 5); n > 0; n--) v += seg();
      if (rnd.chance(0.5)) {
        v += `-${rnd.num()}`;
        for (let n = rnd.int(0, 3); n > 0; n--) v += rnd.pick(['.el', '.fc', '_', '.', '~', '^', 'a']) + rnd.num();
      }
      return v;
    };
    const pairs = rnd.pairs(
      10_000,
      gen,
      mutateWith(rnd, '0123456789.~^-:_a', ['~', '^', '.0', '-1', 'a', '~rc1', '-']),
    );
    const answers = rpmReference(pairs);
    expect(answers).toHaveLength(pairs.length);
    const mismatches = pairs
      .map(([a, b], i) => ({ a, b, ours: attempt(() => cmp(a, b)), rpm: answers[i] }))
      .filter((r) => r.ours !== r.rpm);
    console.log(`rpm: checked ${pairs.length} pairs against rpm.vercmp`);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
