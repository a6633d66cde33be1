import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidOsvRangeError, InvalidVersionError, UnsupportedEcosystemError } from '../../../src/vuln/errors.js';
import { describeInterval, isAffected, rangeIntervals } from '../../../src/vuln/osv/affected.js';
import { comparatorForEcosystem, isSupportedEcosystem, parseOsvEcosystem } from '../../../src/vuln/osv/ecosystems.js';
import type { OsvAffected, OsvRange } from '../../../src/vuln/osv/types.js';
import type { VersionComparator } from '../../../src/vuln/versions/types.js';

const OSV_DIR = new URL('../../../../../../shared/fixtures/osv/', import.meta.url);

interface OsvRecord {
  id: string;
  affected?: OsvAffected[];
}

const records: { file: string; record: OsvRecord }[] = readdirSync(OSV_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .flatMap((d) =>
    readdirSync(new URL(`${d.name}/`, OSV_DIR))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        file: `${d.name}/${f}`,
        record: JSON.parse(readFileSync(new URL(`${d.name}/${f}`, OSV_DIR), 'utf8')),
      })),
  );

/**
 * A version just below `v` in the comparator's own order, built from the ecosystem's lowest suffix (`~` for
 * dpkg, `.dev0` for PEP 440, `-0` for SemVer/Go prereleases, `-alpha` for Maven), or undefined when there is
 * no such spelling. The comparator itself confirms it sorts below.
 */
function justBelow(v: string, cmp: VersionComparator): string | undefined {
  const candidates: Record<string, string[]> = {
    dpkg: [`${v}~`],
    pep440: [`${v}.dev0`],
    npm: v.includes('-') ? [] : [`${v}-0`],
    go: v.includes('-') ? [] : [`${v}-0`],
    maven: [`${v}-alpha`],
    rpm: [`${v}~`],
    apk: [v.replace(/(-r[0-9]+)?$/, '_alpha$1')],
  };
  return candidates[cmp.scheme]!.find((c) => cmp.isValid(c) && cmp.compare(c, v) < 0);
}

const only = (range: OsvRange): OsvAffected => ({ ranges: [range] });

describe('OSV ecosystems', () => {
  it.each([
    ['Debian:12', 'dpkg'],
    ['Ubuntu:22.04:LTS', 'dpkg'],
    ['Ubuntu:Pro:16.04:LTS', 'dpkg'],
    ['Alpine:v3.19', 'apk'],
    ['Red Hat:rhel_aus:8.4::appstream', 'rpm'],
    ['Red Hat', 'rpm'],
    ['npm', 'npm'],
    ['PyPI', 'pep440'],
    ['Go', 'go'],
    ['Maven', 'maven'],
    ['Maven:https://maven.google.com', 'maven'],
    ['crates.io', 'npm'],
  ])('%s is ordered by %s', (ecosystem, scheme) => {
    expect(comparatorForEcosystem(ecosystem).scheme).toBe(scheme);
    expect(isSupportedEcosystem(ecosystem)).toBe(true);
  });

  it('takes ecosystem strings apart', () => {
    expect(parseOsvEcosystem('Ubuntu:Pro:16.04:LTS')).toEqual({
      name: 'Ubuntu',
      release: '16.04',
      lts: true,
      pro: true,
    });
    expect(parseOsvEcosystem('Ubuntu:23.10')).toEqual({ name: 'Ubuntu', release: '23.10', lts: false, pro: false });
    expect(parseOsvEcosystem('Debian:12')).toEqual({ name: 'Debian', release: '12' });
    expect(parseOsvEcosystem('Red Hat:rhel_aus:8.4::appstream')).toEqual({
      name: 'Red Hat',
      release: 'rhel_aus:8.4::appstream',
    });
    expect(parseOsvEcosystem('npm')).toEqual({ name: 'npm' });
  });

  it('refuses unknown ecosystems with a typed error', () => {
    expect(() => comparatorForEcosystem('Hackage')).toThrow(UnsupportedEcosystemError);
    expect(() => comparatorForEcosystem('constructor')).toThrow(UnsupportedEcosystemError);
    expect(isSupportedEcosystem('Hackage')).toBe(false);
  });
});

describe('OSV range evaluation on the fixture records', () => {
  it('loads every fixture record', () => {
    expect(records.length).toBeGreaterThanOrEqual(55);
  });

  for (const { file, record } of records) {
    it(`${file}: agrees with the record's own bounds and versions`, () => {
      let checks = 0;
      for (const affected of record.affected ?? []) {
        const cmp = comparatorForEcosystem(affected.package!.ecosystem);
        const ranges = (affected.ranges ?? []).filter((r) => r.type !== 'GIT');
        for (const range of ranges) {
          for (const interval of rangeIntervals(range, cmp)) {
            const human = describeInterval(interval);
            if (interval.introduced !== '0') {
              // The introducing version is affected, with this interval's fix.
              const at = isAffected(interval.introduced, only(range), cmp);
              expect(at, `${interval.introduced} in ${human}`).toMatchObject({
                affected: true,
                matchedBy: 'range',
                ranges: [human],
              });
              expect(at.fixedVersions).toEqual(interval.fixed ? [interval.fixed] : []);
              const below = justBelow(interval.introduced, cmp);
              if (below)
                expect(isAffected(below, only(range), cmp).ranges, `${below} below ${human}`).not.toContain(human);
              checks += 2;
            }
            if (interval.fixed !== undefined) {
              // The fixed version is outside the interval; the version just below it is inside.
              expect(
                isAffected(interval.fixed, only(range), cmp).ranges,
                `${interval.fixed} vs ${human}`,
              ).not.toContain(human);
              const below = justBelow(interval.fixed, cmp);
              if (below && (interval.introduced === '0' || cmp.compare(below, interval.introduced) >= 0)) {
                const r = isAffected(below, only(range), cmp);
                expect(r, `${below} in ${human}`).toMatchObject({
                  affected: true,
                  ranges: [human],
                  fixedVersions: [interval.fixed],
                });
              }
              checks += 2;
            }
          }
        }
        for (const v of affected.versions ?? []) {
          if (!cmp.isValid(v)) continue;
          // Every enumerated version is affected; for records without GIT ranges the list was derived
          // from the ECOSYSTEM ranges, so the ranges alone must agree.
          expect(isAffected(v, affected, cmp).affected, v).toBe(true);
          if ((affected.ranges ?? []).every((r) => r.type !== 'GIT')) {
            expect(isAffected(v, { ranges: affected.ranges ?? [] }, cmp).matchedBy, `${v} by range`).toBe('range');
          }
          checks++;
        }
      }
      expect(checks).toBeGreaterThan(0);
    });
  }

  it('reports the fixes and range of a multi-interval Go record (GO-2025-3420)', () => {
    const { record } = records.find((r) => r.record.id === 'GO-2025-3420')!;
    const stdlib = record.affected!.find((a) => a.package!.name === 'stdlib')!;
    const go = comparatorForEcosystem('Go');
    expect(isAffected('1.23.4', stdlib, go)).toEqual({
      affected: true,
      matchedBy: 'range',
      fixedVersions: ['1.23.5'],
      ranges: ['>=1.23.0-0, <1.23.5'],
    });
    expect(isAffected('1.22.10', stdlib, go)).toMatchObject({
      affected: true,
      fixedVersions: ['1.22.11'],
      ranges: ['<1.22.11'],
    });
    expect(isAffected('1.22.11', stdlib, go).affected).toBe(false);
    expect(isAffected('1.24.0-rc.1', stdlib, go).fixedVersions).toEqual(['1.24.0-rc.2']);
    expect(isAffected('1.24.0', stdlib, go).affected).toBe(false);
  });

  it('reads an unfixed Ubuntu release through its versions list (CVE-2024-0553)', () => {
    const { record } = records.find((r) => r.record.id === 'CVE-2024-0553')!;
    const dpkg = comparatorForEcosystem('Ubuntu:22.04:LTS');
    const jammy = record.affected!.find((a) => a.package!.ecosystem === 'Ubuntu:22.04:LTS')!;
    expect(isAffected('3.7.3-4ubuntu1.3', jammy, dpkg)).toMatchObject({
      affected: true,
      fixedVersions: ['3.7.3-4ubuntu1.4'],
      ranges: ['<3.7.3-4ubuntu1.4'],
    });
    expect(isAffected('3.7.3-4ubuntu1.4', jammy, dpkg).affected).toBe(false);
    expect(isAffected('3.7.3-4ubuntu1.4+esm1', jammy, dpkg).affected).toBe(false);
    const xenial = record.affected!.find((a) => a.package!.ecosystem === 'Ubuntu:Pro:16.04:LTS')!;
    const listed = xenial.versions!.at(-1)!;
    expect(isAffected(listed, xenial, dpkg)).toMatchObject({ affected: true, fixedVersions: [], ranges: ['>=0'] });
  });
});

describe('OSV range semantics (schema examples)', () => {
  const semver = comparatorForEcosystem('npm');
  const range = (events: OsvRange['events'], type = 'SEMVER'): OsvAffected => ({ ranges: [{ type, events }] });

  it('introduced "0" alone affects everything', () => {
    expect(isAffected('0.0.1', range([{ introduced: '0' }]), semver)).toMatchObject({
      affected: true,
      ranges: ['>=0'],
    });
  });

  it('treats several intervals in one timeline independently', () => {
    const a = range([{ introduced: '1.0.0' }, { fixed: '1.0.2' }, { introduced: '3.0.0' }, { fixed: '3.2.5' }]);
    expect(isAffected('0.9.0', a, semver).affected).toBe(false);
    expect(isAffected('1.0.1', a, semver)).toMatchObject({
      affected: true,
      fixedVersions: ['1.0.2'],
      ranges: ['>=1.0.0, <1.0.2'],
    });
    expect(isAffected('2.0.0', a, semver).affected).toBe(false);
    expect(isAffected('3.2.4', a, semver)).toMatchObject({
      affected: true,
      fixedVersions: ['3.2.5'],
      ranges: ['>=3.0.0, <3.2.5'],
    });
    expect(isAffected('3.2.5', a, semver).affected).toBe(false);
  });

  it('sorts events before walking them, whatever the record order', () => {
    const a = range([{ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }]);
    expect(isAffected('3.1.0', a, semver).fixedVersions).toEqual(['3.2.5']);
    expect(isAffected('2.0.0', a, semver).affected).toBe(false);
  });

  it('includes last_affected itself and nothing above it', () => {
    const a = range([{ introduced: '0' }, { last_affected: '2.1.214' }], 'ECOSYSTEM');
    const maven = comparatorForEcosystem('Maven');
    expect(isAffected('2.1.214', a, maven)).toMatchObject({ affected: true, fixedVersions: [], ranges: ['<=2.1.214'] });
    expect(isAffected('2.1.215', a, maven).affected).toBe(false);
  });

  it('applies limit events (and "*" as infinity)', () => {
    const a = range([{ introduced: '1.0.0' }, { limit: '2.0.0' }]);
    expect(isAffected('1.5.0', a, semver)).toMatchObject({ affected: true, ranges: ['>=1.0.0, <2.0.0'] });
    expect(isAffected('2.0.0', a, semver).affected).toBe(false);
    expect(isAffected('9.0.0', range([{ introduced: '1.0.0' }, { limit: '*' }]), semver).affected).toBe(true);
  });

  it('ignores GIT ranges and falls back to the versions list', () => {
    const a: OsvAffected = {
      ranges: [
        { type: 'GIT', repo: 'https://example.invalid/repo', events: [{ introduced: 'abc' }, { fixed: 'def' }] },
      ],
      versions: ['1.2.3'],
    };
    expect(isAffected('1.2.3', a, semver)).toEqual({
      affected: true,
      matchedBy: 'versions',
      fixedVersions: [],
      ranges: ['=1.2.3'],
    });
    expect(isAffected('1.2.4', a, semver).affected).toBe(false);
  });

  it('matches listed versions by the ecosystem order, not by spelling', () => {
    const pypi = comparatorForEcosystem('PyPI');
    expect(isAffected('1.0.0', { versions: ['1.0'] }, pypi).affected).toBe(true);
  });

  it('gives clear errors for bad versions and malformed ranges', () => {
    expect(() => isAffected('not-a-version', range([{ introduced: '0' }]), semver)).toThrow(InvalidVersionError);
    expect(() => isAffected('1.0.0', range([{ fixed: '1.0.0' }]), semver)).toThrow(InvalidOsvRangeError);
    expect(() => isAffected('1.0.0', range([{ introduced: '0', fixed: '2.0.0' }]), semver)).toThrow(
      'exactly one of introduced/fixed/last_affected/limit',
    );
    expect(() => isAffected('1.0.0', range([{ introduced: '0' }, { fixed: 'banana' }]), semver)).toThrow(
      'cannot order "1.0.0" and "banana" as npm versions',
    );
  });
});
