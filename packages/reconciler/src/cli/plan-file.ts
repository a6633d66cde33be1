import { readFileSync, writeFileSync } from 'node:fs';
import { ScoutAcrError } from '@scout-acr/sdk';
import type { Plan } from '../plan/index.js';

/** A saved plan file that cannot be used. */
export class PlanFileError extends ScoutAcrError {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`, { code: 'InvalidPlanFile' });
  }
}

/** Saved plans carry no secrets (passwords are generated at apply time), so they are safe to keep as CI artifacts. */
export function writePlanFile(file: string, plan: Plan): void {
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
}

export function readPlanFile(file: string): Plan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PlanFileError(file, error instanceof SyntaxError ? `not JSON: ${error.message}` : 'cannot be read');
  }
  const plan = parsed as Partial<Plan>;
  if (plan?.formatVersion !== 1)
    throw new PlanFileError(file, `unsupported plan format version ${String(plan?.formatVersion)}`);
  if (typeof plan.observedFingerprint !== 'string' || !Array.isArray(plan.registries) || !plan.summary) {
    throw new PlanFileError(file, 'not a scout-acr plan (missing observedFingerprint, registries or summary)');
  }
  return plan as Plan;
}
