/** Scope maps: the five system-defined ones every registry has, plus user-defined ones. */
import { type ArmError, armErrors } from '../errors/arm-error.js';
import { armTime, ids, key } from './ids.js';
import type { ArmModel } from './model.js';
import { assertValidName } from './names.js';
import type { ProvisioningState, RegistryRow, ScopeMapRecord } from './records.js';

/** ACR's built-in scope maps with their real actions and descriptions. */
export const BUILT_IN_SCOPE_MAPS: ReadonlyArray<{ name: string; description: string; actions: string[] }> = [
  {
    name: '_repositories_admin',
    description: 'Can perform all read, write and delete operations on the registry',
    actions: [
      'repositories/*/metadata/read',
      'repositories/*/metadata/write',
      'repositories/*/content/read',
      'repositories/*/content/write',
      'repositories/*/content/delete',
    ],
  },
  {
    name: '_repositories_pull',
    description: 'Can pull any repository of the registry',
    actions: ['repositories/*/content/read'],
  },
  {
    name: '_repositories_pull_metadata_read',
    description: 'Can perform all read operations on the registry',
    actions: ['repositories/*/content/read', 'repositories/*/metadata/read'],
  },
  {
    name: '_repositories_push',
    description: 'Can push to any repository of the registry',
    actions: ['repositories/*/content/read', 'repositories/*/content/write'],
  },
  {
    name: '_repositories_push_metadata_write',
    description: 'Can perform all read and write operations on the registry',
    actions: [
      'repositories/*/metadata/read',
      'repositories/*/metadata/write',
      'repositories/*/content/read',
      'repositories/*/content/write',
    ],
  },
];

export function seedBuiltInScopeMaps(model: ArmModel, reg: RegistryRow): void {
  for (const builtIn of BUILT_IN_SCOPE_MAPS) {
    const id = ids.scopeMap(reg.id, builtIn.name);
    model.scopeMaps.set(key(id), {
      id,
      name: builtIn.name,
      registryId: reg.id,
      description: builtIn.description,
      actions: [...builtIn.actions],
      type: 'SystemDefined',
      creationDate: reg.creationDate,
      provisioningState: 'Succeeded',
    });
  }
}

export interface ScopeMapRef {
  resourceGroup: string;
  registry: string;
  name: string;
}

export function listScopeMaps(model: ArmModel, resourceGroup: string, registry: string): ScopeMapRecord[] {
  const reg = model.requireParentRegistry(resourceGroup, registry);
  return model.childrenOf(model.scopeMaps, `${reg.id}/scopeMaps`);
}

export function findScopeMap(model: ArmModel, ref: ScopeMapRef): ScopeMapRecord | undefined {
  const reg = model.requireParentRegistry(ref.resourceGroup, ref.registry);
  return model.scopeMaps.get(key(ids.scopeMap(reg.id, ref.name)));
}

export function getScopeMap(model: ArmModel, ref: ScopeMapRef): ScopeMapRecord {
  const found = findScopeMap(model, ref);
  if (!found) throw notFound(ref);
  return found;
}

function notFound(ref: ScopeMapRef): ArmError {
  return armErrors.resourceNotFound(
    'Microsoft.ContainerRegistry/registries/scopeMaps',
    `${ref.registry}/${ref.name}`,
    ref.resourceGroup,
  );
}

function assertUserDefined(sm: ScopeMapRecord): void {
  if (sm.type === 'SystemDefined') {
    throw armErrors.invalidRequest(
      `The scope map '${sm.name}' is system defined and cannot be modified or deleted.`,
      'scopeMapName',
    );
  }
}

function readActions(value: unknown, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => typeof a === 'string' && a.length > 0)) {
    throw armErrors.invalidRequestContent("The scope map property 'actions' must be a non-empty array of strings.");
  }
  return value as string[];
}

/** ScopeMaps_Create: creates (state `initialState`) or replaces a user-defined scope map. */
export function putScopeMap(
  model: ArmModel,
  ref: ScopeMapRef,
  body: { properties?: { description?: unknown; actions?: unknown } },
  initialState: ProvisioningState,
): { record: ScopeMapRecord; created: boolean } {
  const reg = model.requireParentRegistry(ref.resourceGroup, ref.registry);
  assertValidName('scopeMap', ref.name);
  const actions = readActions(body.properties?.actions, true)!;
  const description = typeof body.properties?.description === 'string' ? body.properties.description : undefined;
  const id = ids.scopeMap(reg.id, ref.name);
  const existing = model.scopeMaps.get(key(id));
  if (existing) {
    assertUserDefined(existing);
    existing.actions = actions;
    existing.description = description;
    existing.provisioningState = initialState === 'Creating' ? 'Updating' : initialState;
    return { record: existing, created: false };
  }
  const record: ScopeMapRecord = {
    id,
    name: ref.name,
    registryId: reg.id,
    description,
    actions,
    type: 'IsUserDefined',
    creationDate: armTime(),
    provisioningState: initialState,
  };
  model.scopeMaps.set(key(id), record);
  return { record, created: true };
}

/** ScopeMaps_Update: changes description and/or actions of a user-defined scope map. */
export function patchScopeMap(
  model: ArmModel,
  ref: ScopeMapRef,
  body: { properties?: { description?: unknown; actions?: unknown } },
  initialState: ProvisioningState,
): ScopeMapRecord {
  const record = getScopeMap(model, ref);
  assertUserDefined(record);
  const actions = readActions(body.properties?.actions, false);
  if (actions) record.actions = actions;
  if (typeof body.properties?.description === 'string') record.description = body.properties.description;
  record.provisioningState = initialState;
  return record;
}

/** ScopeMaps_Delete, first half: undefined when already gone; refuses built-ins and scope maps in use. */
export function beginDeleteScopeMap(model: ArmModel, ref: ScopeMapRef): ScopeMapRecord | undefined {
  const record = findScopeMap(model, ref);
  if (!record) return undefined;
  assertUserDefined(record);
  const users = [...model.tokens.values()].filter((t) => key(t.scopeMapId) === key(record.id));
  if (users.length > 0) {
    throw armErrors.invalidRequest(
      `The scope map '${record.name}' is associated with token(s) ${users.map((t) => `'${t.name}'`).join(', ')} and cannot be deleted.`,
    );
  }
  record.provisioningState = 'Deleting';
  return record;
}

export function finishDeleteScopeMap(model: ArmModel, record: ScopeMapRecord): void {
  model.scopeMaps.delete(key(record.id));
}

export function renderScopeMap(sm: ScopeMapRecord): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    type: sm.type,
    creationDate: sm.creationDate,
    provisioningState: sm.provisioningState,
    actions: [...sm.actions],
  };
  if (sm.description !== undefined) properties.description = sm.description;
  return { id: sm.id, name: sm.name, type: 'Microsoft.ContainerRegistry/registries/scopeMaps', properties };
}
