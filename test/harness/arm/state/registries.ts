/** Registries: seeded through the state API or the control route (never created through ARM), and rendered. */
import { ArmError } from '../errors/arm-error.js';
import { armTime, ids, key } from './ids.js';
import type { ArmModel } from './model.js';
import { assertValidName } from './names.js';
import type { RegistryRow } from './records.js';
import { seedBuiltInScopeMaps } from './scope-maps.js';

export function ensureResourceGroup(model: ArmModel, name: string, location?: string): void {
  if (!model.resourceGroups.has(name.toLowerCase())) {
    model.resourceGroups.set(name.toLowerCase(), { name, location: location ?? model.defaultLocation });
  }
}

export function createRegistry(
  model: ArmModel,
  input: { resourceGroup: string; name: string; loginServer?: string; location?: string },
): RegistryRow {
  assertValidName('registry', input.name);
  ensureResourceGroup(model, input.resourceGroup, input.location);
  const id = ids.registry(model.subscriptionId, input.resourceGroup, input.name);
  if (model.registries.has(key(id))) {
    throw new ArmError(409, 'Conflict', `The registry '${input.name}' already exists.`);
  }
  const loginServer = input.loginServer ?? `${input.name.toLowerCase()}.azurecr.io`;
  if (findRegistryByLoginServer(model, loginServer)) {
    throw new ArmError(409, 'Conflict', `A registry with login server '${loginServer}' already exists.`);
  }
  const row: RegistryRow = {
    id,
    name: input.name,
    resourceGroup: input.resourceGroup,
    loginServer,
    location: input.location ?? model.resourceGroups.get(input.resourceGroup.toLowerCase())!.location,
    creationDate: armTime(),
  };
  model.registries.set(key(id), row);
  seedBuiltInScopeMaps(model, row);
  return row;
}

export function findRegistryByLoginServer(model: ArmModel, loginServer: string): RegistryRow | undefined {
  const wanted = loginServer.toLowerCase();
  for (const reg of model.registries.values()) if (reg.loginServer.toLowerCase() === wanted) return reg;
  return undefined;
}

export function listRegistries(model: ArmModel, resourceGroup?: string): RegistryRow[] {
  const all = [...model.registries.values()];
  return resourceGroup === undefined
    ? all
    : all.filter((r) => r.resourceGroup.toLowerCase() === resourceGroup.toLowerCase());
}

/** The registry as Registries_Get returns it (fields of the 2025-11-01 example). */
export function renderRegistry(reg: RegistryRow): Record<string, unknown> {
  return {
    id: reg.id,
    name: reg.name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: reg.location,
    tags: {},
    sku: { name: 'Standard', tier: 'Standard' },
    properties: {
      loginServer: reg.loginServer,
      creationDate: reg.creationDate,
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, lastUpdatedTime: reg.creationDate, status: 'disabled' },
        exportPolicy: { status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: 'enabled' },
      },
      encryption: { status: 'disabled' },
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      publicNetworkAccess: 'Enabled',
      networkRuleBypassOptions: 'AzureServices',
      networkRuleBypassAllowedForTasks: false,
      zoneRedundancy: 'Disabled',
      anonymousPullEnabled: false,
      roleAssignmentMode: 'LegacyRegistryPermissions',
    },
  };
}
