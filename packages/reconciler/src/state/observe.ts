import type { AzureObservation, AzurePort, AzureTarget, RegistryLocation, ServerPort } from '../apply/ports.js';
import type { DesiredState, Inventory, ObservedRegistry, ObservedState } from './types.js';

export interface Observation {
  observed: ObservedState;
  inventories: Map<string, Inventory>;
  locations: Map<string, RegistryLocation>;
}

/**
 * Observes both sides with the fewest calls: one inventory list on the server, list calls per kind on Azure for
 * each registry (bounded concurrency), one integration lookup on the server. Any failed read rejects: a read that
 * fails never counts as "absent", so nothing is ever deleted on a partial view.
 */
export async function observe(
  desired: DesiredState,
  ports: { azure: AzurePort; server: ServerPort },
  options: { concurrency?: number; now?: Date } = {},
): Promise<Observation> {
  const inventoryList = await ports.server.listInventories();
  const inventories = new Map(inventoryList.map((inventory) => [inventory.address, inventory]));
  const wanted = new Set(desired.registries.map((r) => r.address));
  const active = desired.registries.filter((r) => !r.suspend);
  const removed = inventoryList.filter((inventory) => !wanted.has(inventory.address));

  const targets: AzureTarget[] = [
    ...active.map((r) => ({
      address: r.address,
      subscriptionId: r.subscriptionId,
      resourceGroup: r.resourceGroup,
      name: r.name,
      loginServer: r.loginServer,
      needScopeMaps: r.tokenScope === 'repositories' || inventories.get(r.address)?.scopeMapId !== undefined,
    })),
    ...removed.flatMap((inventory) =>
      inventory.location
        ? [
            {
              address: inventory.address,
              subscriptionId: inventory.location.subscriptionId,
              resourceGroup: inventory.location.resourceGroup,
              name: inventory.location.name,
              needScopeMaps: inventory.scopeMapId !== undefined,
            },
          ]
        : [],
    ),
  ];
  const azure = await ports.azure.observe(targets);
  const absent: AzureObservation = { scopeMaps: [], tokens: [], eventSubscriptions: [] };
  const azureDesired = active.map((r) => azure.get(r.address) ?? absent);
  const azureRemoved = removed.map((inventory) => azure.get(inventory.address) ?? absent);
  const loginServers = [...azureDesired, ...azureRemoved].flatMap((o) => (o.registry ? [o.registry.loginServer] : []));
  const integrations = loginServers.length > 0 ? await ports.server.observeIntegrations(loginServers) : new Map();

  const locations = new Map<string, RegistryLocation>();
  const assemble = (address: string, azure: AzureObservation, subscriptionId: string): ObservedRegistry => {
    const integration = azure.registry ? integrations.get(azure.registry.loginServer) : undefined;
    if (azure.registry) {
      locations.set(address, {
        subscriptionId,
        resourceGroup: azure.registry.resourceGroup,
        name: azure.registry.name,
        id: azure.registry.id,
        loginServer: azure.registry.loginServer,
      });
    }
    return {
      ...azure,
      address,
      integration,
      inventory: inventories.get(address),
    };
  };
  const registries: Record<string, ObservedRegistry> = {};
  active.forEach((registry, index) => {
    registries[registry.address] = assemble(
      registry.address,
      azureDesired[index] as AzureObservation,
      registry.subscriptionId,
    );
  });
  for (const registry of desired.registries.filter((r) => r.suspend)) {
    registries[registry.address] = { address: registry.address, scopeMaps: [], tokens: [], eventSubscriptions: [] };
  }
  const managedElsewhere = removed.map((inventory, index) =>
    assemble(inventory.address, azureRemoved[index] as AzureObservation, inventory.location?.subscriptionId ?? ''),
  );
  return {
    observed: { registries, managedElsewhere, observedAt: (options.now ?? new Date()).toISOString() },
    inventories,
    locations,
  };
}
