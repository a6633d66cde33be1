import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { parsePep440Version, pep440Comparator } from '../../../src/vuln/versions/pep440.js';
import { mutateWith, Random } from '../reference/random.js';
import { pairLine, runBatch, toOrdering } from '../reference/run-tool.js';

const cmp = pep440Comparator.compare;
// Debian's python3 with python3-packaging (not a pyenv interpreter, which may lack it).
const PYTHON = '/usr/bin/python3';

describe('PEP 440 versions', () => {
  it('orders the PEP 440 example sequence', () => {
    // The ordering example from PEP 440 ("Summary of permitted suffixes and relative ordering").
    const ordered = [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(cmp(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
    }
  });

  it.each([
    ['1.0', '1', 0],
    ['1.0.0.0', '1', 0],
    ['v1.0', '1.0', 0],
    ['1.0ALPHA1', '1.0a1', 0],
    ['1.0-c1', '1.0rc1', 0],
    ['1.0preview2', '1.0rc2', 0],
    ['1.0-1', '1.0.post1', 0],
    ['1.0.rev1', '1.0.post1', 0],
    ['1!0.1', '2.0', 1],
    ['1.0+ubuntu-1', '1.0+ubuntu.1', 0],
    ['1.0+1', '1.0+a', 1],
    [' 1.0\n', '1.0', 0],
  ] as const)('%j vs %j -> %d', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
  });

  it('parses into normalised fields', () => {
    expect(parsePep440Version('1!2.3.4rc5.post6.dev7+Local.8')).toEqual({
      epoch: 1n,
      release: [2n, 3n, 4n],
      pre: { label: 'rc', n: 5n },
      post: 6n,
      dev: 7n,
      local: ['local', 8n],
    });
  });

  it.each(['', 'french toast', '1.0+', '1.0.', '1..0', '1.0-dev-x', '1.0+a..b', 'v', '1.0 1'])('rejects %j', (v) => {
    expect(pep440Comparator.isValid(v)).toBe(false);
    expect(() => cmp(v, '1.0')).toThrow(InvalidVersionError);
  });

  it('orders 10,000 generated pairs exactly like packaging.version (one python3 process)', () => {
    const rnd = new Random(0x440);
    const gen = () => {
      let v = rnd.chance(0.05) ? 'v' : '';
      if (rnd.chance(0.08)) v += `${rnd.num()}!`;
      v += rnd.num();
      for (let n = rnd.int(0, 3); n > 0; n--) v += `.${rnd.num()}`;
      const sep = () => rnd.pick(['', '', '.', '-', '_']);
      if (rnd.chance(0.3)) {
        v += sep() + rnd.pick(['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'RC', 'A']);
        if (rnd.chance(0.7)) v += sep() + rnd.num();
      }
      if (rnd.chance(0.2))
        v += rnd.chance(0.3) ? `-${rnd.num()}` : sep() + rnd.pick(['post', 'rev', 'r']) + sep() + rnd.num();
      if (rnd.chance(0.2)) v += `${sep()}dev${rnd.chance(0.7) ? rnd.num() : ''}`;
      if (rnd.chance(0.15)) {
        v += `+${rnd.pick(['ubuntu', 'cpu', 'abc', '1', 'Z'])}`;
        for (let n = rnd.int(0, 2); n > 0; n--)
          v += rnd.pick(['.', '-', '_']) + rnd.pick([rnd.num(), 'x', 'cu118', 'a1']);
      }
      return v;
    };
    const pairs = rnd.pairs(
      10_000,
      gen,
      mutateWith(rnd, '0123456789.-_abcdrpostv+!', ['.0', 'a1', '.post1', '.dev0', '+x', '-1', 'rc']),
    );
    const script = `import sys
from packaging.version import Version, InvalidVersion
out = []
for line in sys.stdin.read().split("\\n")[:-1]:
    a, b = line.split("\\t")
    try:
        va, vb = Version(a), Version(b)
        out.append(str((va > vb) - (va < vb)))
    except InvalidVersion:
        out.append("E")
sys.stdout.write("\\n".join(out) + "\\n")`;
    const answers = runBatch(
      PYTHON,
      ['-c', script],
      pairs.map(([a, b]) => pairLine(a, b)),
    );
    expect(answers).toHaveLength(pairs.length);
    let valid = 0;
    const mismatches = pairs
      .map(([a, b], i) => {
        let ours: number | 'error';
        try {
          ours = cmp(a, b);
          valid++;
        } catch {
          ours = 'error';
        }
        return { a, b, ours, python: toOrdering(answers[i]!) };
      })
      .filter((r) => r.ours !== r.python);
    console.log(`pep440: checked ${pairs.length} pairs against packaging.version (${valid} valid on both sides)`);
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(valid).toBeGreaterThan(5000);
  });
});
