import { InvalidCvssVectorError } from '../errors.js';
import type { OsvSeverity } from '../osv/types.js';
import { type Severity, severityFromScore } from './severity.js';
import { parseCvssV3 } from './v3.js';
import { parseCvssV4 } from './v4.js';

export { type Severity, severityFromScore } from './severity.js';
export { type CvssV3, parseCvssV3 } from './v3.js';
export { type CvssV4, type CvssV4Nomenclature, macroVector, parseCvssV4 } from './v4.js';

/** A CVSS vector's score, whatever its version. */
export interface CvssScore {
  version: '3.0' | '3.1' | '4.0';
  /** The vector as given. */
  vector: string;
  /** Base score (v3) or the v4.0 score of the metrics present (the base score for a plain base vector). */
  score: number;
  severity: Severity;
}

/**
 * Scores a CVSS v3.0, v3.1 or v4.0 vector string.
 * @throws InvalidCvssVectorError for v2 or malformed vectors.
 */
export function scoreCvss(vector: string): CvssScore {
  if (vector.startsWith('CVSS:3.0/') || vector.startsWith('CVSS:3.1/')) {
    const v3 = parseCvssV3(vector);
    return { version: v3.version, vector, score: v3.baseScore, severity: severityFromScore(v3.baseScore) };
  }
  if (vector.startsWith('CVSS:4.0/')) {
    const v4 = parseCvssV4(vector);
    return { version: '4.0', vector, score: v4.score, severity: severityFromScore(v4.score) };
  }
  throw new InvalidCvssVectorError(vector, 'only CVSS:3.0, CVSS:3.1 and CVSS:4.0 vectors are supported');
}

/**
 * Picks and scores the CVSS entry of an OSV `severity` array: v3.x first (what NVD and Docker Scout show),
 * then v4.0. Entries that are missing, of other types, or malformed are skipped. Undefined when none scores.
 */
export function scoreOsvSeverity(severity: readonly OsvSeverity[] | undefined): CvssScore | undefined {
  for (const type of ['CVSS_V3', 'CVSS_V4']) {
    for (const entry of severity ?? []) {
      if (entry?.type !== type || typeof entry.score !== 'string') continue;
      try {
        return scoreCvss(entry.score);
      } catch {
        // A malformed vector in one entry must not hide a good one in another.
      }
    }
  }
  return undefined;
}
