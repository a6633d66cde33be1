import type { FieldChange, Plan, PlannedAction } from './types.js';

export interface RenderOptions {
  color?: boolean;
}

const SYMBOL: Record<PlannedAction['kind'], string> = {
  create: '+',
  activate: '+',
  update: '~',
  rotate: '-/+',
  delete: '-',
  deactivate: '-',
  forget: '-',
};
const VERB: Record<PlannedAction['kind'], string> = {
  create: 'will be created',
  activate: 'will be activated',
  update: 'will be updated in-place',
  rotate: 'will be replaced (rotated)',
  delete: 'will be destroyed',
  deactivate: 'will be deactivated',
  forget: 'will no longer be managed (left in place)',
};
const COLOR: Record<string, string> = { '+': '32', '~': '33', '-': '31', '-/+': '35' };

function value(v: unknown): string {
  if (v === undefined) return '(known after apply)';
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return JSON.stringify(v);
}

function renderChange(change: FieldChange, kind: PlannedAction['kind']): string {
  if (change.sensitive) {
    return change.before !== undefined || kind === 'update' || kind === 'rotate'
      ? `      ~ ${change.field} = (sensitive value)`
      : `      + ${change.field} = (sensitive value)`;
  }
  if (change.before === undefined) return `      + ${change.field} = ${value(change.after)}`;
  if (change.after === undefined) return `      - ${change.field} = ${value(change.before)}`;
  return `      ~ ${change.field} = ${value(change.before)} -> ${value(change.after)}`;
}

/** Renders a plan the way `terraform plan` does: one block per action, then the counts line. */
export function renderPlanText(plan: Plan, options: RenderOptions = {}): string {
  const paint = (symbol: string, text: string) =>
    options.color ? `\u001b[${COLOR[symbol] ?? '0'}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  for (const registry of plan.registries) {
    if (registry.status === 'suspended') lines.push(`# registry["${registry.address}"] is suspended: skipped`, '');
    if (registry.status === 'error')
      lines.push(paint('-', `Error: registry["${registry.address}"]: ${registry.error}`), '');
    for (const action of registry.actions) {
      const symbol = SYMBOL[action.kind];
      lines.push(`  # ${action.address} ${VERB[action.kind]}`);
      lines.push(`  # (${action.reason})`);
      lines.push(paint(symbol, `  ${symbol} ${action.resource} {`));
      for (const change of action.changes) lines.push(paint(symbol, renderChange(change, action.kind)));
      lines.push(paint(symbol, '    }'), '');
    }
  }
  const { add, change, destroy } = plan.summary;
  if (add + change + destroy === 0 && plan.registries.every((r) => r.actions.length === 0)) {
    lines.push('No changes. Azure and the scout-acr server match the configuration.');
  } else {
    lines.push(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`);
  }
  return `${lines.join('\n')}\n`;
}
