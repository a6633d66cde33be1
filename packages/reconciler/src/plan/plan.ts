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

/** `"key":` for the keys met so far: the same few field names come back for every registry and repository. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 1000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted and `undefined` members left out. It runs on the reconcile's critical path (after
 * the last read, before the first write) over every repository of every registry, so it avoids per-member
 * closures and re-quoting the same keys; the text must stay byte for byte what it has been, or every saved plan
 * would look stale (pinned by the plan tests).
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    const items = new Array<string>(value.length);
    // An element JSON cannot write (undefined, a function) writes nothing, as join() does with undefined.
    for (let i = 0; i < value.length; i++) items[i] = stableStringify(value[i]) ?? '';
    return `[${items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member !== undefined) members.push(quotedKey(key) + stableStringify(member));
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
