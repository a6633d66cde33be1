import { MACROVECTOR_SCORES } from './v4-lookup.js';
import { parseMetrics } from './vector.js';

/*
 * CVSS v4.0 scores per FIRST's specification (https://www.first.org/cvss/v4.0/specification-document,
 * section 8): the vector's MacroVector (six equivalence classes) gives the score of its highest-severity
 * member from the official lookup table; the score is then lowered by the mean proportional distance of
 * the vector from that member, using the severity distances and MacroVector depths of the reference
 * calculator (FIRSTdotorg/cvss-v4-calculator cvss_score.js), rounded half up after a 1e-6 lift.
 */

const X = 'X';
const V4_METRICS = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
  E: [X, 'A', 'P', 'U'],
  CR: [X, 'H', 'M', 'L'],
  IR: [X, 'H', 'M', 'L'],
  AR: [X, 'H', 'M', 'L'],
  MAV: [X, 'N', 'A', 'L', 'P'],
  MAC: [X, 'L', 'H'],
  MAT: [X, 'N', 'P'],
  MPR: [X, 'N', 'L', 'H'],
  MUI: [X, 'N', 'P', 'A'],
  MVC: [X, 'H', 'L', 'N'],
  MVI: [X, 'H', 'L', 'N'],
  MVA: [X, 'H', 'L', 'N'],
  MSC: [X, 'H', 'L', 'N'],
  MSI: [X, 'S', 'H', 'L', 'N'],
  MSA: [X, 'S', 'H', 'L', 'N'],
  S: [X, 'N', 'P'],
  AU: [X, 'N', 'Y'],
  R: [X, 'A', 'U', 'I'],
  V: [X, 'D', 'C'],
  RE: [X, 'L', 'M', 'H'],
  U: [X, 'Clear', 'Green', 'Amber', 'Red'],
} as const;
const V4_BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;
const THREAT = ['E'];
const ENVIRONMENTAL = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA'];

// Severity levels per metric value (distance units of 0.1), from the reference calculator.
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0, L: 0.1, H: 0.2 },
  UI: { N: 0, P: 0.1, A: 0.2 },
  AC: { L: 0, H: 0.1 },
  AT: { N: 0, P: 0.1 },
  VC: { H: 0, L: 0.1, N: 0.2 },
  VI: { H: 0, L: 0.1, N: 0.2 },
  VA: { H: 0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0, M: 0.1, L: 0.2 },
  IR: { H: 0, M: 0.1, L: 0.2 },
  AR: { H: 0, M: 0.1, L: 0.2 },
};

// The highest-severity vectors of each EQ level (EQ3 and EQ6 are joint), from the reference calculator.
const MAX_COMPOSED: Record<string, Record<string, string[]>> = {
  eq1: {
    0: ['AV:N/PR:N/UI:N/'],
    1: ['AV:A/PR:N/UI:N/', 'AV:N/PR:L/UI:N/', 'AV:N/PR:N/UI:P/'],
    2: ['AV:P/PR:N/UI:N/', 'AV:A/PR:L/UI:P/'],
  },
  eq2: { 0: ['AC:L/AT:N/'], 1: ['AC:H/AT:N/', 'AC:L/AT:P/'] },
  eq4: { 0: ['SC:H/SI:S/SA:S/'], 1: ['SC:H/SI:H/SA:H/'], 2: ['SC:L/SI:L/SA:L/'] },
  eq5: { 0: ['E:A/'], 1: ['E:P/'], 2: ['E:U/'] },
};
const MAX_COMPOSED_EQ3: Record<string, Record<string, string[]>> = {
  0: {
    0: ['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/'],
    1: ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/'],
  },
  1: {
    0: ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/'],
    1: [
      'VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/',
      'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/',
      'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/',
      'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/',
      'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/',
    ],
  },
  2: { 1: ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/'] },
};

// MacroVector depths (maximal severity distance + 1, in 0.1 steps), from the reference calculator.
const MAX_SEVERITY = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: [
    [7, 6],
    [8, 8],
    [undefined, 10],
  ] as (number | undefined)[][],
  eq4: [6, 5, 4],
};

/** The value a metric takes for scoring: modified metrics override base ones; unset threat/requirements are worst-case. */
function effective(m: Record<string, string>, metric: string): string {
  const value = m[metric] ?? X;
  if (value === X && metric === 'E') return 'A';
  if (value === X && (metric === 'CR' || metric === 'IR' || metric === 'AR')) return 'H';
  const modified = m[`M${metric}`];
  if (modified !== undefined && modified !== X) return modified;
  return value;
}

/** The six equivalence-class levels of a vector (its MacroVector). */
export function macroVector(m: Record<string, string>): string {
  const e = (k: string) => effective(m, k);
  const [av, pr, ui] = [e('AV'), e('PR'), e('UI')];
  const eq1 =
    av === 'N' && pr === 'N' && ui === 'N' ? 0 : (av === 'N' || pr === 'N' || ui === 'N') && av !== 'P' ? 1 : 2;
  const eq2 = e('AC') === 'L' && e('AT') === 'N' ? 0 : 1;
  const [vc, vi, va] = [e('VC'), e('VI'), e('VA')];
  const eq3 = vc === 'H' && vi === 'H' ? 0 : vc === 'H' || vi === 'H' || va === 'H' ? 1 : 2;
  const eq4 = e('MSI') === 'S' || e('MSA') === 'S' ? 0 : e('SC') === 'H' || e('SI') === 'H' || e('SA') === 'H' ? 1 : 2;
  const eq5 = { A: 0, P: 1, U: 2 }[e('E')] ?? 0;
  const eq6 =
    (e('CR') === 'H' && vc === 'H') || (e('IR') === 'H' && vi === 'H') || (e('AR') === 'H' && va === 'H') ? 0 : 1;
  return `${eq1}${eq2}${eq3}${eq4}${eq5}${eq6}`;
}

function extract(metric: string, vector: string): string {
  const start = vector.indexOf(`${metric}:`) + metric.length + 1;
  const rest = vector.slice(start);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : rest;
}

/** The interpolated score of a parsed v4.0 vector (reference calculator algorithm). */
function score(m: Record<string, string>): number {
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => effective(m, k) === 'N')) return 0;
  const macro = macroVector(m);
  const value = MACROVECTOR_SCORES.get(macro)!;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = [...macro].map(Number) as [number, number, number, number, number, number];
  const lookup = (...eqs: number[]) => MACROVECTOR_SCORES.get(eqs.join(''));

  // 1a. The next lower MacroVector of each EQ (it may not exist).
  const lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  const lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  let lowerEq3Eq6: number | undefined;
  if (eq3 === 0 && eq6 === 0) {
    // Two paths down; take the higher-scoring one.
    const left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    const right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    lowerEq3Eq6 = left !== undefined && right !== undefined ? Math.max(left, right) : undefined;
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  } else if (eq3 === 2 && eq6 === 1) {
    lowerEq3Eq6 = undefined; // 21 → 32 does not exist
  } else {
    lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  }
  const lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  const lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  // 1b. Severity distance from the first highest-severity vector that the vector does not exceed.
  const maxVectors: string[] = [];
  for (const a of MAX_COMPOSED.eq1![eq1]!)
    for (const b of MAX_COMPOSED.eq2![eq2]!)
      for (const c of MAX_COMPOSED_EQ3[eq3]![eq6]!)
        for (const d of MAX_COMPOSED.eq4![eq4]!)
          for (const f of MAX_COMPOSED.eq5![eq5]!) maxVectors.push(a + b + c + d + f);
  let distances: Record<string, number> = {};
  for (const max of maxVectors) {
    distances = {};
    for (const metric of Object.keys(LEVELS)) {
      distances[metric] = LEVELS[metric]![effective(m, metric)]! - LEVELS[metric]![extract(metric, max)]!;
    }
    if (Object.values(distances).every((d) => d >= 0)) break;
  }
  const d = distances;
  const current = {
    eq1: d.AV! + d.PR! + d.UI!,
    eq2: d.AC! + d.AT!,
    eq3eq6: d.VC! + d.VI! + d.VA! + d.CR! + d.IR! + d.AR!,
    eq4: d.SC! + d.SI! + d.SA!,
  };
  const STEP = 0.1;
  const parts: [number | undefined, number, number | undefined][] = [
    [lowerEq1, current.eq1, MAX_SEVERITY.eq1[eq1]],
    [lowerEq2, current.eq2, MAX_SEVERITY.eq2[eq2]],
    [lowerEq3Eq6, current.eq3eq6, MAX_SEVERITY.eq3eq6[eq3]![eq6]],
    [lowerEq4, current.eq4, MAX_SEVERITY.eq4[eq4]],
    [lowerEq5, 0, 1], // EQ5's proportion is always 0
  ];
  // 1c/1d. Proportion of the distance times the maximal scoring difference, for each existing lower MacroVector.
  let existing = 0;
  let sum = 0;
  for (const [lower, distance, depth] of parts) {
    if (lower === undefined) continue;
    existing++;
    sum += (value - lower) * (distance / (depth! * STEP));
  }
  // 2/3. Subtract the mean, clamp, round half up (lifted by 1e-6 against binary ties like 5.6499999…).
  const mean = existing === 0 ? 0 : sum / existing;
  const raw = Math.min(10, Math.max(0, value - mean));
  return Math.round((raw + 1e-6) * 10) / 10;
}

/** CVSS v4.0 nomenclature: which metric groups contributed to the score. */
export type CvssV4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

/** A parsed v4.0 vector and its score. */
export interface CvssV4 {
  version: '4.0';
  metrics: Record<string, string>;
  macroVector: string;
  /** The score of the vector (the base score when only base metrics are set). */
  score: number;
  nomenclature: CvssV4Nomenclature;
}

/**
 * Parses a `CVSS:4.0/…` vector and computes its score.
 * @throws InvalidCvssVectorError for anything the specification does not allow.
 */
export function parseCvssV4(vector: string): CvssV4 {
  const metrics = parseMetrics(vector, 'CVSS:4.0', V4_METRICS, V4_BASE);
  const set = (keys: string[]) => keys.some((k) => metrics[k] !== undefined && metrics[k] !== X);
  const t = set(THREAT);
  const e = set(ENVIRONMENTAL);
  const nomenclature: CvssV4Nomenclature = t && e ? 'CVSS-BTE' : t ? 'CVSS-BT' : e ? 'CVSS-BE' : 'CVSS-B';
  return { version: '4.0', metrics, macroVector: macroVector(metrics), score: score(metrics), nomenclature };
}
