import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidVersionError } from '../../../src/vuln/errors.js';
import { apkComparator, apkVersionCompareRaw, isValidApkVersion } from '../../../src/vuln/versions/apk.js';

const cmp = apkComparator.compare;
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const SECDB = new URL('../../../../../../shared/fixtures/osv/_secdb/alpine/v3.11/', import.meta.url);

// apk-tools is not packaged for Debian bookworm, so `apk version -t` cannot run here. The reference is
// apk-tools' own test/version.data (alpinelinux/apk-tools @ 50ab589e, "a OP b" per line), replayed whole.
const VECTORS = readFileSync(fixture('apk-version.data'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((line) => {
    const [a, op, b] = line.split(/\s+/) as [string, '<' | '=' | '>', string];
    return { a, b, expected: op === '<' ? -1 : op === '>' ? 1 : 0 };
  });

describe('apk versions', () => {
  it("replays all of apk-tools' test/version.data", () => {
    expect(VECTORS.length).toBeGreaterThan(700);
    const mismatches = VECTORS.filter(({ a, b, expected }) => apkVersionCompareRaw(a, b) !== expected);
    console.log(`apk: checked ${VECTORS.length} vectors from apk-tools test/version.data`);
    expect(mismatches).toEqual([]);
    // Antisymmetry on the same vectors.
    for (const { a, b, expected } of VECTORS) expect(apkVersionCompareRaw(b, a)).toBe(-expected || 0);
  });

  it.each([
    ['1.0_alpha1', '1.0_beta1', -1],
    ['1.0_rc1', '1.0', -1],
    ['1.0', '1.0_p1', -1],
    ['1.0_git20230101', '1.0_p1', -1],
    ['1.0_cvs1', '1.0_svn1', -1],
    ['1.0_hg1', '1.0_p1', -1],
    ['1.0-r0', '1.0-r1', -1],
    ['1.0', '1.0-r0', -1],
    ['1.0a', '1.0b', -1],
    ['1.0a', '1.0.1', -1],
    ['1.2.3_alpha1-r0', '1.2.3-r0', -1],
    ['9.12.3_p4-r0', '9.12.3_p3-r9', 1],
    ['2.16.05', '2.16.4', -1], // a leading zero switches the component to string comparison
    ['1.1.1d-r3', '1.1.1d-r2', 1],
    ['1.0.0_pre20191002222144-r0', '1.0.0_pre20210530193627-r0', -1], // 64-bit numbers
  ] as const)('%s vs %s -> %d', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });

  it.each(['', 'a1', '1.0-1', '1.0_foo', '1.0bc', '1.0-r1-r2', '6.6.2p1-r0', '1.0 '])('rejects %j', (v) => {
    expect(isValidApkVersion(v)).toBe(false);
    expect(() => cmp(v, '1.0')).toThrow(InvalidVersionError);
  });

  it('reads the fixed versions of the Alpine secdb fixtures, and orders each above its previous revision', () => {
    const versions = ['main.yaml', 'community.yaml'].flatMap((file) =>
      [...readFileSync(new URL(file, SECDB), 'utf8').matchAll(/^ {8}([^ \n][^\n]*?):\s*$/gm)].map((m) => m[1]!),
    );
    expect(versions.length).toBeGreaterThan(700);
    const valid = versions.filter(isValidApkVersion);
    // The secdb carries a few typos that apk itself rejects (`6.6.2p1-r0`, `2.7.16-33`).
    expect(versions.filter((v) => !isValidApkVersion(v))).toEqual(
      expect.arrayContaining(['6.6.2p1-r0', '2.7.16-33', '4.10-1-r1']),
    );
    expect(valid.length / versions.length).toBeGreaterThan(0.97);
    for (const v of valid) {
      expect(cmp(v, v)).toBe(0);
      const m = /-r([0-9]+)$/.exec(v);
      if (m && Number(m[1]) > 0) expect(cmp(v.replace(/-r[0-9]+$/, `-r${Number(m[1]) - 1}`), v), v).toBe(-1);
      if (m) expect(cmp(v, v.replace(/-r[0-9]+$/, `-r${Number(m[1]) + 1}`)), v).toBe(-1);
    }
  });
});
