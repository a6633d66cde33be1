import { isRecord } from '../arm-rules.js';
import { type BodyMismatch, matchBody } from './body-match.js';
import type { ReplayPlan } from './plans.js';

/**
 * Compares a response body with the plan's expectation for its status. While an LRO runs (the response
 * carries `Azure-AsyncOperation` or is a 202) `provisioningState` is transitional (`Creating`, `Updating`)
 * and is not compared; the caller reads the resource again once the LRO is done and compares that in full.
 */
export function compareResponse(
  plan: ReplayPlan,
  status: string,
  body: unknown,
  options: { lroRunning: boolean },
): BodyMismatch[] {
  const expected = plan.expectedBody(status);
  if (expected === undefined) return [];
  const ignore = options.lroRunning ? [...plan.ignore, 'properties.provisioningState'] : plan.ignore;
  if (!plan.isList) return matchBody(body, expected, ignore);
  const wanted = isRecord(expected) && Array.isArray(expected.value) ? expected.value : [];
  const actualItems = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  const mismatches: BodyMismatch[] = [];
  wanted.forEach((item, index) => {
    const id = isRecord(item) && typeof item.id === 'string' ? item.id.toLowerCase() : undefined;
    const found = actualItems.find((candidate) => isRecord(candidate) && String(candidate.id).toLowerCase() === id);
    if (found === undefined) mismatches.push({ path: `value[id=${id}]`, expected: item, actual: undefined });
    else {
      for (const m of matchBody(found, item, ignore)) mismatches.push({ ...m, path: `value[${index}].${m.path}` });
    }
  });
  return mismatches;
}
