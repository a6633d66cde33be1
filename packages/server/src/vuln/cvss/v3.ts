import { parseMetrics } from './vector.js';

/*
 * CVSS v3.0 and v3.1 base scores, per FIRST's specifications (https://www.first.org/cvss/v3.1/specification-document,
 * sections 7.1 and Appendix A; v3.0 section 8.1). Temporal and environmental metrics are validated but do not
 * change the base score.
 */

const X = 'X';
const V3_METRICS = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  E: [X, 'H', 'F', 'P', 'U'],
  RL: [X, 'U', 'W', 'T', 'O'],
  RC: [X, 'C', 'R', 'U'],
  CR: [X, 'H', 'M', 'L'],
  IR: [X, 'H', 'M', 'L'],
  AR: [X, 'H', 'M', 'L'],
  MAV: [X, 'N', 'A', 'L', 'P'],
  MAC: [X, 'L', 'H'],
  MPR: [X, 'N', 'L', 'H'],
  MUI: [X, 'N', 'R'],
  MS: [X, 'U', 'C'],
  MC: [X, 'H', 'L', 'N'],
  MI: [X, 'H', 'L', 'N'],
  MA: [X, 'H', 'L', 'N'],
} as const;
const V3_BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };

/** v3.1's Roundup (Appendix A): integer arithmetic so that 4.000000000000001 stays 4.0. */
function roundUp31(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** v3.0's round up: the smallest one-decimal number not below the value. */
function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

/** A parsed v3.x vector. */
export interface CvssV3 {
  version: '3.0' | '3.1';
  metrics: Record<string, string>;
  baseScore: number;
  impactSubScore: number;
  exploitabilitySubScore: number;
}

/**
 * Parses a `CVSS:3.0/…` or `CVSS:3.1/…` vector and computes its base score.
 * @throws InvalidCvssVectorError for anything the specification does not allow.
 */
export function parseCvssV3(vector: string): CvssV3 {
  const version = vector.startsWith('CVSS:3.0/') ? '3.0' : '3.1';
  const m = parseMetrics(vector, `CVSS:${version}`, V3_METRICS, V3_BASE);
  const changed = m.S === 'C';
  const iss = 1 - (1 - CIA[m.C!]!) * (1 - CIA[m.I!]!) * (1 - CIA[m.A!]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * AV[m.AV!]! * AC[m.AC!]! * (changed ? PR_CHANGED : PR_UNCHANGED)[m.PR!]! * UI[m.UI!]!;
  const roundUp = version === '3.0' ? roundUp30 : roundUp31;
  let baseScore = 0;
  if (impact > 0) {
    baseScore = changed
      ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
      : roundUp(Math.min(impact + exploitability, 10));
  }
  return { version, metrics: m, baseScore, impactSubScore: impact, exploitabilitySubScore: exploitability };
}
