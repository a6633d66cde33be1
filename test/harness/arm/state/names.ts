/** Name rules of the resource kinds, as Azure enforces them (see DESIGN.md §4 and the swaggers). */
import { ArmError } from '../errors/arm-error.js';

const RULES = {
  registry: { pattern: /^[a-zA-Z0-9]{5,50}$/, what: 'alphanumeric characters', min: 5, max: 50 },
  token: { pattern: /^[a-zA-Z0-9-]{5,50}$/, what: 'alphanumeric characters and dashes', min: 5, max: 50 },
  scopeMap: {
    pattern: /^[a-zA-Z0-9-_]{5,50}$/,
    what: 'alphanumeric characters, dashes and underscores',
    min: 5,
    max: 50,
  },
  systemTopic: { pattern: /^[a-zA-Z0-9-]{3,128}$/, what: 'letters, digits and dashes', min: 3, max: 128 },
  eventSubscription: { pattern: /^[a-zA-Z0-9-]{3,64}$/, what: 'letters, digits and dashes', min: 3, max: 64 },
} as const;

export type NamedKind = keyof typeof RULES;

/** Throws ARM's 400 for a name that breaks the kind's rule. */
export function assertValidName(kind: NamedKind, name: string): void {
  const rule = RULES[kind];
  if (!rule.pattern.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The ${kind} name '${name}' is invalid. It may contain only ${rule.what} and must be between ${rule.min} and ${rule.max} characters long.`,
      { target: 'name' },
    );
  }
}
