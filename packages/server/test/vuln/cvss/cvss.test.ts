import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseCvssV3,
  parseCvssV4,
  scoreCvss,
  scoreOsvSeverity,
  severityFromScore,
} from '../../../src/vuln/cvss/index.js';
import { MACROVECTOR_SCORES } from '../../../src/vuln/cvss/v4-lookup.js';
import { InvalidCvssVectorError } from '../../../src/vuln/errors.js';

/** `VECTOR - (score, …)` or `VECTOR - score` rows; the first number is the base score. */
function vectors(name: string): [string, number][] {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('CVSS:'))
    .map((l) => {
      const [vector, scores] = l.split(' - ') as [string, string];
      return [vector, Number(/[0-9.]+/.exec(scores)![0])];
    });
}

describe('CVSS v3.x base scores', () => {
  const rows = vectors('cvss-v31-vectors.txt');

  it(`matches ${rows.length} published v3.1 vectors (RedHatProductSecurity/cvss vectors_simple31)`, () => {
    expect(rows.length).toBeGreaterThan(80);
    for (const [vector, expected] of rows) expect(parseCvssV3(vector).baseScore, vector).toBe(expected);
  });

  it.each([
    // FIRST CVSS v3.1 specification examples document.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // CVE-2013-1937 (phpMyAdmin XSS)
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5], // CVE-2014-0160 (Heartbleed)
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8], // CVE-2014-6271 (Shellshock)
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1], // CVE-2014-3566 (POODLE), FIRST v3.0 examples
    // NVD: CVE-2021-44228 (Log4Shell).
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
  ] as const)('%s = %d', (vector, expected) => {
    expect(scoreCvss(vector).score).toBe(expected);
  });

  it('rounds up the v3.1 way (integer Roundup) and the v3.0 way (ceil)', () => {
    // Impact + exploitability = 3.0339… for POODLE: both round up to 3.1.
    expect(parseCvssV3('CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N').baseScore).toBe(3.1);
    // A zero-impact vector scores 0 whatever the exploitability.
    expect(parseCvssV3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N').baseScore).toBe(0);
  });

  it('accepts temporal and environmental metrics without changing the base score', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:L/MAV:P').score).toBe(9.8);
  });
});

describe('CVSS v4.0 scores', () => {
  const rows = vectors('cvss-v40-vectors.txt');

  it(`matches ${rows.length} published v4.0 vectors (RedHatProductSecurity/cvss vectors_simple4)`, () => {
    expect(rows.length).toBeGreaterThan(100);
    for (const [vector, expected] of rows) expect(parseCvssV4(vector).score, vector).toBe(expected);
  });

  it.each([
    // FIRST CVSS v4.0 calculator / specification default example.
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    // RedHatProductSecurity/cvss tests/vectors_threat4 (threat metric E).
    ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A', 7.3],
    ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P', 5.9],
    ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U', 4.1],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A', 0],
  ] as const)('%s = %d', (vector, expected) => {
    expect(scoreCvss(vector).score).toBe(expected);
  });

  it('names the metric groups that contributed', () => {
    expect(parseCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').nomenclature).toBe('CVSS-B');
    expect(parseCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P').nomenclature).toBe(
      'CVSS-BT',
    );
    expect(parseCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L/E:U').nomenclature).toBe(
      'CVSS-BTE',
    );
    expect(parseCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/U:Red').nomenclature).toBe(
      'CVSS-B',
    );
  });

  it('uses the full official MacroVector table', () => {
    expect(MACROVECTOR_SCORES.size).toBe(270);
    expect(MACROVECTOR_SCORES.get('000000')).toBe(10);
    expect(MACROVECTOR_SCORES.get('212221')).toBe(0.1);
    expect(parseCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MSI:S/MSA:S').macroVector).toBe(
      '000000',
    );
  });
});

describe('CVSS vectors in the OSV fixtures', () => {
  const dir = new URL('../../../../../../shared/fixtures/osv/', import.meta.url);
  const found = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      [...readFileSync(new URL(f, dir), 'utf8').matchAll(/"(CVSS:[34]\.[01]\/[^"]+)"/g)].map((m) => m[1]!),
    );

  it('scores every vector the fixtures carry', () => {
    expect(found.length).toBeGreaterThanOrEqual(12);
    for (const vector of found) expect(scoreCvss(vector).score, vector).toBeGreaterThan(0);
  });

  it.each([
    // Rows of RedHatProductSecurity/cvss vectors_simple31.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'high'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3, 'medium'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H', 9.1, 'critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'high'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'medium'],
    // By hand from the v3.1 formulas (ISS 0.849, impact 5.4505, exploitability 1.6219 → Roundup(7.0724)).
    ['CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:H/I:L/A:H', 7.1, 'high'],
    // By hand: ISS 0.5297, impact 3.4006, exploitability 2.2214 → Roundup(5.622).
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L', 5.6, 'medium'],
    // By hand: S:C, ISS 0.8064, impact 5.7577, exploitability 1.8346 → Roundup(1.08 × 7.5923 = 8.1997).
    ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N', 8.2, 'high'],
    // GitHub advisory database (GHSA) score for this CVSS v4.0 vector: 8.7, high.
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N', 8.7, 'high'],
  ] as const)('%s = %d (%s)', (vector, score, severity) => {
    expect(found).toContain(vector);
    expect(scoreCvss(vector)).toMatchObject({ score, severity });
  });

  it('picks the v3 vector of an OSV severity array, skipping broken entries', () => {
    expect(
      scoreOsvSeverity([
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N' },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR' },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
      ]),
    ).toMatchObject({ version: '3.1', score: 7.5, severity: 'high' });
    expect(
      scoreOsvSeverity([{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N' }]),
    ).toMatchObject({
      version: '4.0',
      score: 8.7,
    });
    expect(scoreOsvSeverity([])).toBeUndefined();
    expect(scoreOsvSeverity(undefined)).toBeUndefined();
  });
});

describe('severity bands (Docker Scout)', () => {
  it.each([
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [4, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'unspecified'],
    [undefined, 'unspecified'],
    [Number.NaN, 'unspecified'],
  ] as const)('%s → %s', (score, severity) => {
    expect(severityFromScore(score)).toBe(severity);
  });
});

describe('invalid vectors', () => {
  it.each([
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'only CVSS:3.0, CVSS:3.1 and CVSS:4.0'],
    ['CVSS:2.0/AV:N', 'only CVSS:3.0, CVSS:3.1 and CVSS:4.0'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'missing base metric A'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L', 'metric A given twice'],
    ['CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV cannot be Q'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1', 'malformed metric'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N', 'unknown metric XX'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', 'malformed metric ""'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N', 'SI cannot be S'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H', 'missing base metrics SC, SI, SA'],
  ])('%s', (vector, reason) => {
    expect(() => scoreCvss(vector)).toThrow(InvalidCvssVectorError);
    expect(() => scoreCvss(vector)).toThrow(reason);
  });
});
