export { type Adoption, planAdoption } from './adopt.js';
export { BUILTIN_READ_SCOPE_MAP, IMAGE_EVENT_TYPES, SUBSCRIPTION_DEFAULTS } from './constants.js';
export { computePlan, fingerprintObserved, hasChanges, summarize } from './plan.js';
export { leastPrivilegeActions, passwordDue, planDesiredRegistry } from './plan-registry.js';
export { planRemovedRegistry } from './plan-removal.js';
export { type RenderOptions, renderPlanText } from './render-text.js';
export { assertPlanIsSafe, type SafetyOptions, UnsafePlanError } from './safety.js';
export type * from './types.js';
