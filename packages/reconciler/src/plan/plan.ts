import { createHash } from 'node:crypto';
import type { DesiredState, ObservedState } from '../state/types.js';
import { planDesiredRegistry } from './plan-registry.js';
import { planRemovedRegistry } from './plan-removal.js';
import type { Plan, PlannedAction, PlanSummary } from './types.js';

/**
 * The planner: a pure function of desired and observed state. Registries are planned independently (so apply can
 * run them in parallel); within one, actions are in the order they must run.
 */
export function computePlan(desired: DesiredState, observed: ObservedState, now = new Date(observed.observedAt)): Plan {
  // System topic names are unique per resource group: a name one registry of this plan will create is taken for
  // the next one in the same group, or both would plan the same free name and the second create would fail.
  const claimed = new Map<string, string[]>();
  const registries = desired.registries.map((registry) => {
    const seen = observed.registries[registry.address];
    if (!seen) throw new Error(`internal: registry ${registry.address} was not observed`);
    const group = registry.address.split('/').slice(0, 2).join('/').toLowerCase();
    const taken = [...(seen.topicNamesTaken ?? []), ...(claimed.get(group) ?? [])];
    const planned = planDesiredRegistry(registry, { ...seen, topicNamesTaken: taken }, desired, now);
    for (const action of planned.actions) {
      if (action.spec.resource === 'systemTopic') claimed.set(group, [...(claimed.get(group) ?? []), action.spec.name]);
    }
    return planned;
  });
  const wanted = new Set(desired.registries.map((r) => r.address));
  for (const managed of observed.managedElsewhere) {
    if (!wanted.has(managed.address)) registries.push(planRemovedRegistry(managed));
  }
  const actions = registries.flatMap((r) => r.actions);
  return {
    formatVersion: 1,
    createdAt: now.toISOString(),
    observedFingerprint: fingerprintObserved(observed),
    registries,
    summary: summarize(actions),
  };
}

/** Terraform's three counts: an activation adds, a deactivation or delete destroys, the rest change. */
export function summarize(actions: PlannedAction[]): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0 };
  for (const action of actions) {
    if (action.kind === 'create' || action.kind === 'activate')
      summary.add += action.resource === 'repository' ? action.changes.length : 1;
    else if (action.kind === 'delete' || action.kind === 'deactivate')
      summary.destroy += action.resource === 'repository' ? action.changes.length : 1;
    else summary.change += 1;
  }
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.registries.some((r) => r.actions.length > 0);
}

/** Stable hash of what was observed (time excluded), so a saved plan can detect that the world moved. */
export function fingerprintObserved(observed: ObservedState): string {
  const { observedAt: _time, ...rest } = observed;
  return createHash('sha256').update(stableStringify(rest)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
