import type { PasswordName, RegistryAddress, TokenScope } from '../state/types.js';

export type ResourceKind =
  | 'scopeMap'
  | 'token'
  | 'password'
  | 'integration'
  | 'systemTopic'
  | 'eventSubscription'
  | 'repository'
  | 'inventory';

export type ActionKind = 'create' | 'update' | 'delete' | 'rotate' | 'activate' | 'deactivate' | 'forget';

/** One field of a resource that an action changes. Sensitive values are never carried, only marked. */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  sensitive?: boolean;
}

/** What an action needs at apply time; plain data so a saved plan can be applied exactly. */
export type ActionSpec =
  | { resource: 'scopeMap'; name: string; actions: string[] }
  | { resource: 'token'; name: string; scopeMap: string; status: 'enabled' | 'disabled' }
  | { resource: 'password'; tokenName: string; passwordName: PasswordName; expiresInDays: number }
  | { resource: 'integration'; loginServer: string; tokenName: string }
  | { resource: 'systemTopic'; name: string }
  | { resource: 'eventSubscription'; topicName: string; name: string }
  | { resource: 'repository'; names: string[]; patterns: string[] }
  | { resource: 'inventory' };

export interface PlannedAction {
  /** Terraform-like address: `registry["sub/rg/name"].token["docker-scout-readonly-token"]`. */
  address: string;
  registry: RegistryAddress;
  resource: ResourceKind;
  kind: ActionKind;
  reason: string;
  changes: FieldChange[];
  spec: ActionSpec;
  /** ARM id of the existing resource this action touches, when there is one. */
  targetId?: string | undefined;
}

export type RegistryPlanStatus = 'ok' | 'suspended' | 'error' | 'removing' | 'orphaning';

export interface RegistryPlan {
  address: RegistryAddress;
  status: RegistryPlanStatus;
  /** Why a registry cannot be planned (status `error`). */
  error?: string | undefined;
  tokenScope?: TokenScope | undefined;
  /** Recorded in the inventory, so removal later follows the policy the config had. */
  deletionPolicy?: 'delete' | 'orphan' | undefined;
  actions: PlannedAction[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
}

export interface Plan {
  formatVersion: 1;
  createdAt: string;
  /** sha256 of the observed state the plan was computed from: `apply plan.json` refuses when the live state moved. */
  observedFingerprint: string;
  registries: RegistryPlan[];
  summary: PlanSummary;
}
