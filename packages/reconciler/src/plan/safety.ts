import { ScoutAcrError } from '@scout-acr/sdk';
import type { Plan } from './types.js';

export interface SafetyOptions {
  /** Allow a config with no registries, or one that removes every managed registry. */
  allowEmpty?: boolean;
  /** Refuse plans that delete more than this many Azure resources or integrations. */
  maxDeletes?: number | undefined;
}

/** A plan that would destroy more than the operator allowed; nothing was applied. */
export class UnsafePlanError extends ScoutAcrError {
  constructor(message: string) {
    super(message, { code: 'UnsafePlan' });
  }
}

/**
 * Guards against the classic reconciler disaster: an empty or truncated config meaning "delete everything".
 * Throws before any action runs.
 */
export function assertPlanIsSafe(plan: Plan, desiredCount: number, options: SafetyOptions = {}): void {
  const removing = plan.registries.filter((r) => r.status === 'removing');
  const keeping = plan.registries.filter((r) => r.status !== 'removing' && r.status !== 'orphaning');
  if (!options.allowEmpty && removing.length > 0 && (desiredCount === 0 || keeping.length === 0)) {
    throw new UnsafePlanError(
      `refusing to remove every managed registry (${removing.length}) because the config lists ${desiredCount === 0 ? 'none' : 'none of them'}; pass --allow-empty if that is really intended`,
    );
  }
  if (options.maxDeletes !== undefined) {
    const deletes = plan.registries.flatMap((r) => r.actions).filter((a) => a.kind === 'delete').length;
    if (deletes > options.maxDeletes) {
      throw new UnsafePlanError(`the plan deletes ${deletes} resources, more than --max-deletes ${options.maxDeletes}`);
    }
  }
}
