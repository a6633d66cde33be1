import { isRecord } from '../arm-rules.js';

/**
 * Compares an emulator response body with an official example's body on the fields that are not
 * instance-specific. Every field the example shows must be present in the response with the same value,
 * except:
 * - `systemData` and `etag` (per-instance bookkeeping);
 * - any ISO-8601 timestamp value (`creationDate`, `expiry`, `lastUpdatedTime`, …: the time of the run);
 * - generated values: `metricResourceId` (a GUID per system topic), certificate `thumbprint`, password `value`;
 * - keys the caller lists in `ignore` (with its reason at the call site).
 * ARM ids and host names compare case-insensitively (ARM treats them so). An example's `null` matches an
 * absent field. Fields the response has and the example lacks are not compared: oav checks them.
 */
export interface BodyMismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

const GENERATED = new Set(['systemData', 'etag', 'metricResourceId', 'thumbprint']);
const CASE_INSENSITIVE = new Set(['id', 'source', 'scopeMapId', 'topic', 'tokenId', 'resourceId', 'loginServer']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function matchBody(actual: unknown, expected: unknown, ignore: readonly string[] = []): BodyMismatch[] {
  const mismatches: BodyMismatch[] = [];
  compare(actual, expected, '', '', new Set(ignore), mismatches);
  return mismatches;
}

function compare(
  actual: unknown,
  expected: unknown,
  path: string,
  key: string,
  ignore: ReadonlySet<string>,
  out: BodyMismatch[],
): void {
  if (GENERATED.has(key) || ignore.has(path) || ignore.has(key)) return;
  if (expected === null) {
    if (actual !== null && actual !== undefined) out.push({ path, expected, actual });
    return;
  }
  if (typeof expected === 'string' && TIMESTAMP.test(expected)) {
    if (typeof actual !== 'string' || Number.isNaN(Date.parse(actual))) out.push({ path, expected, actual });
    return;
  }
  if (key === 'value' && path.includes('passwords')) return;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, actual });
      return;
    }
    expected.forEach((item, index) => {
      compare(actual[index], item, `${path}[${index}]`, key, ignore, out);
    });
    return;
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) {
      out.push({ path, expected, actual });
      return;
    }
    for (const [k, v] of Object.entries(expected)) compare(actual[k], v, path ? `${path}.${k}` : k, k, ignore, out);
    return;
  }
  const same =
    typeof expected === 'string' && typeof actual === 'string' && CASE_INSENSITIVE.has(key)
      ? expected.toLowerCase() === actual.toLowerCase()
      : expected === actual;
  if (!same) out.push({ path, expected, actual });
}
