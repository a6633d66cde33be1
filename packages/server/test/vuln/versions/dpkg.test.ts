import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { dpkgComparator, parseDpkgVersion } from '../../../src/vuln/versions/dpkg.js';
import { mutateWith, Random } from '../reference/random.js';
import { pairLine, runBatch, toOrdering } from '../reference/run-tool.js';

const cmp = dpkgComparator.compare;

describe('dpkg versions', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0+b1', -1],
    ['1.0', '1.0.0', -1],
    ['1.0a', '1.0', 1],
    ['1.0-1', '1.0-1ubuntu1', -1],
    ['2:1.0', '1:9.9', 1],
    ['0:1.0', '1.0', 0],
    ['1.2.3-0ubuntu0.22.04.1', '1.2.3-0ubuntu0.22.04.1+esm1', -1],
    ['3.7.3-4ubuntu1.4', '3.7.3-4ubuntu1.10', -1],
    ['001', '1', 0],
    ['1.0-0', '1.0', 0],
    ['a', 'A', 1], // letters by ASCII code
    ['1.0+', '1.0a', 1], // non-letters sort after letters
  ] as const)('%s vs %s -> %d', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });

  it('splits epoch, upstream and revision like parseversion()', () => {
    expect(parseDpkgVersion(' 1:2.3-4-5 ')).toEqual({ epoch: 1, upstream: '2.3-4', revision: '5' });
    expect(parseDpkgVersion('1:2:3')).toEqual({ epoch: 1, upstream: '2:3', revision: '' });
    expect(parseDpkgVersion('a1.0').warning).toBe('version number does not start with digit');
    expect(dpkgComparator.isValid('a1.0')).toBe(false);
    expect(dpkgComparator.isValid('1:1.0-1')).toBe(true);
  });

  it.each([
    ['', 'version string is empty'],
    ['1.0 1', 'version string has embedded spaces'],
    [':1.0', 'epoch in version is empty'],
    ['a:1.0', 'epoch in version is empty'],
    ['1a:1.0', 'epoch in version is not number'],
    ['-1:1.0', 'epoch in version is negative'],
    ['2147483648:1', 'epoch in version is too big'],
    ['1:', 'nothing after colon in version number'],
    ['1.0-', 'revision number is empty'],
    ['-1', 'version number is empty'],
  ])('rejects %j (%s)', (version, reason) => {
    expect(() => parseDpkgVersion(version)).toThrow(InvalidVersionError);
    expect(() => parseDpkgVersion(version)).toThrow(reason);
  });

  it('agrees with the dpkg binary on edge cases, hard errors included', () => {
    const cases: [string, string][] = [
      ['1.0', '1.0~'],
      ['1:', '1'],
      ['1.0-', '1.0'],
      [':1', '1'],
      ['1a:1.0', '1'],
      ['-1:1', '1'],
      ['2147483647:1', '1'],
      ['2147483648:1', '1'],
      ['+1:1.0', '1:1.0'],
      ['a1.0', '1.0'],
      ['1.0$x', '1.0'],
      ['1.0-1$', '1.0-1'],
      ['1:1:1', '1:1'],
      ['1.0-1-1', '1.0-1'],
      ['~', '0'],
      ['1.0~rc1+dfsg-1', '1.0+dfsg-1'],
      ['9', '10'],
      ['1.01', '1.1'],
      [' 1.0', '1.0 '],
      ['4000000000000000000000000014', '4000000000000000000000020014'],
      ['1.00000000000000000000000000001', '1.1'],
      ['1-600000000000000000000000deb12u0', '1-600000000000000007000000deb12u0'],
    ];
    // One shell, one loop: dpkg itself decides each case (exit 0 = relation holds, 2 = syntax error).
    const script = `while IFS="$(printf '\\t')" read -r a b; do
      if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo -1
      elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo 0
      elif dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then echo 1
      else echo E; fi
    done`;
    const answers = runBatch(
      'sh',
      ['-c', script],
      cases.map(([a, b]) => pairLine(a, b)),
    );
    const ours = cases.map(([a, b]) => {
      try {
        return cmp(a, b);
      } catch {
        return 'error';
      }
    });
    expect(ours).toEqual(answers.map(toOrdering));
  });

  it('orders 10,000 generated pairs exactly like dpkg (Dpkg::Version, batched)', () => {
    // Dpkg::Version compares digit runs as Perl numbers (doubles), so this batch keeps numbers below 2^53;
    // digit-wise comparison of longer runs is checked against the dpkg binary in the edge-case test above.
    const rnd = new Random(0xd9c6, false);
    const letters = 'abcdefghijklmnopqrstuvwxyzAZ';
    const part = () => {
      const r = rnd.next();
      if (r < 0.55) return rnd.paddedNum();
      if (r < 0.8) return rnd.pick(['~', '.', '+', '~rc', '+dfsg', '~beta', '.', '.', 'ubuntu', 'build', '+b']);
      return rnd.pick([...letters]) + (rnd.chance(0.5) ? rnd.num() : '');
    };
    const gen = () => {
      let upstream = rnd.num();
      for (let n = rnd.int(0, 5); n > 0; n--) upstream += part();
      if (rnd.chance(0.03)) upstream = rnd.pick(['a', 'x', '~']) + upstream; // dpkg only warns
      const epoch = rnd.chance(0.15) ? `${rnd.int(0, 3)}:` : '';
      let revision = '';
      if (rnd.chance(0.5)) {
        revision = `-${rnd.num()}`;
        for (let n = rnd.int(0, 3); n > 0; n--)
          revision += rnd.pick(['ubuntu', '.', '~', '+esm', 'deb12u', 'build']) + rnd.num();
      }
      return epoch + upstream + revision;
    };
    const pairs = rnd
      .pairs(10_000, gen, mutateWith(rnd, '0123456789.~+-:ab', ['~', '.0', '-1', '+b1', 'a', '~rc1', '.1']))
      .filter(([a, b]) => {
        try {
          cmp(a, b);
          return true;
        } catch {
          return false;
        }
      });
    // Top up so that at least 10,000 comparable pairs are checked.
    while (pairs.length < 10_000) pairs.push([gen(), gen()]);
    const perl = `use Dpkg::Version; $| = 0;
      while (my $line = <STDIN>) { chomp $line; my ($a, $b) = split /\\t/, $line, 2;
        print((Dpkg::Version->new($a) <=> Dpkg::Version->new($b)), "\\n"); }`;
    const answers = runBatch(
      'perl',
      ['-e', perl],
      pairs.map(([a, b]) => pairLine(a, b)),
    );
    expect(answers).toHaveLength(pairs.length);
    const mismatches = pairs
      .map(([a, b], i) => ({ a, b, ours: cmp(a, b), dpkg: toOrdering(answers[i]!) }))
      .filter((r) => r.ours !== r.dpkg);
    console.log(`dpkg: checked ${pairs.length} pairs against Dpkg::Version`);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('rejects an empty side with a typed error', () => {
    expect(() => dpkgComparator.compare('1.0', '')).toThrow(InvalidVersionError);
    expect(() => dpkgComparator.compare('1.0', '')).toThrow('invalid dpkg version "": version string is empty');
  });
});
