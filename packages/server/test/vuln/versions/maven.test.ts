import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { canonicalMavenVersion, mavenComparator } from '../../../src/vuln/versions/maven.js';
import { mutateWith, Random } from '../reference/random.js';
import { attempt, pairLine, runBatch, toOrdering } from '../reference/run-tool.js';

const cmp = mavenComparator.compare;
// Debian's maven ships Maven's own ComparableVersion in this jar (package libmaven3-core-java).
const MAVEN_ARTIFACT_JAR = '/usr/share/maven/lib/maven-artifact-3.x.jar';
const JAVA_SOURCE = fileURLToPath(new URL('../reference/MavenCompare.java', import.meta.url));

describe('Maven versions', () => {
  it('orders the qualifier ladder', () => {
    const ordered = ['1-alpha', '1-beta', '1-milestone', '1-rc', '1-snapshot', '1', '1-sp', '1-abc', '1-1', '1.1'];
    for (let i = 0; i < ordered.length - 1; i++) expect(cmp(ordered[i]!, ordered[i + 1]!), ordered[i]).toBe(-1);
  });

  it.each([
    ['1.0', '1', 0],
    ['1-ga', '1', 0],
    ['1.0.final', '1', 0],
    ['1-cr1', '1-rc1', 0],
    ['1a1', '1-alpha-1', 0],
    ['1.0-SNAPSHOT', '1.0', -1],
    ['1.0.RELEASE', '1.0', 0],
    ['2.0.0.Final', '2.0.0', 0],
    ['1.10', '1.9', 1],
    ['1-1', '1.1', -1],
    ['1.0.0-M1', '1.0.0-RC1', -1],
    ['12345678901234567890', '12345678901234567891', -1],
    // Maven 3.8 compares numbers of different item classes (int ≤ 9 digits, long ≤ 18, BigInteger) by class,
    // and keeps an all-zero run unstripped: 19 zeros is a "BigInteger" and beats an 18-digit "long".
    ['1-0000000000000000000.1', '1-800000000000000000.1', 1],
    ['1-0010', '1-9', 1],
  ] as const)('%s vs %s -> %d', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
  });

  it('renders the canonical form like getCanonical()', () => {
    expect(canonicalMavenVersion('1.0.0-SNAPSHOT')).toBe('1-snapshot');
    expect(canonicalMavenVersion('1.2.3a4')).toBe('1.2.3-alpha-4');
    expect(canonicalMavenVersion('1.a1')).toBe('1-alpha-1');
  });

  it('rejects only the empty version', () => {
    expect(mavenComparator.isValid('anything goes')).toBe(true);
    expect(() => cmp('', '1')).toThrow(InvalidVersionError);
  });

  it("orders 10,000 generated pairs exactly like Maven's ComparableVersion (one JVM)", () => {
    expect(existsSync(MAVEN_ARTIFACT_JAR)).toBe(true);
    const rnd = new Random(0x3a7e);
    const qualifiers = [
      'alpha',
      'beta',
      'milestone',
      'rc',
      'cr',
      'snapshot',
      'SNAPSHOT',
      'ga',
      'final',
      'Final',
      'sp',
      'a',
      'b',
      'm',
      'RELEASE',
      'jre',
      'android',
      'x',
      '',
    ];
    const gen = () => {
      let v = rnd.paddedNum();
      for (let n = rnd.int(0, 5); n > 0; n--) {
        const sep = rnd.pick(['.', '.', '-', '', '-']);
        v += sep + (rnd.chance(0.6) ? rnd.paddedNum() : rnd.pick(qualifiers));
      }
      return v;
    };
    const pairs = rnd.pairs(
      10_000,
      gen,
      mutateWith(rnd, '0123456789.-ab', ['.0', '-SNAPSHOT', '-1', 'a1', '.Final', '-sp', '-']),
    );
    const answers = runBatch(
      'java',
      ['-cp', MAVEN_ARTIFACT_JAR, JAVA_SOURCE],
      pairs.map(([a, b]) => pairLine(a, b)),
    );
    expect(answers).toHaveLength(pairs.length);
    const mismatches = pairs
      .map(([a, b], i) => ({ a, b, ours: attempt(() => cmp(a, b)), maven: toOrdering(answers[i]!) }))
      .filter((r) => r.ours !== r.maven && !(r.a === '' || r.b === ''));
    console.log(`maven: checked ${pairs.length} pairs against ComparableVersion`);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
