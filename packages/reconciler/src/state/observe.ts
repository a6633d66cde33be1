import type { AzureObservation, AzurePort, AzureTarget, RegistryLocation, ServerPort } from '../apply/ports.js';
import type { DesiredState, Inventory, ObservedRegistry, ObservedState } from './types.js';

export interface Observation {
  observed: ObservedState;
  inventories: Map<string, Inventory>;
  locations: Map<string, RegistryLocation>;
}

/**
 * Observes both sides with the fewest calls: one inventory list and one integration list on the server, list
 * calls per kind on Azure for each registry (bounded concurrency), one repository list per integrated registry.
 * The two sides overlap: a registry's repositories are read on the server as soon as Azure's group lists have
 * named its login server, while Azure's per-registry lists go on. Any failed read rejects: a read that fails
 * never counts as "absent", so nothing is ever deleted on a partial view.
 */
export async function observe(
  desired: DesiredState,
  ports: { azure: AzurePort; server: ServerPort },
  options: { concurrency?: number; now?: Date } = {},
): Promise<Observation> {
  const integrationList = ports.server.listIntegrations();
  // Awaited below; a rejection before then must not count as unhandled.
  integrationList.catch(() => {});
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
  const serverSide = new Map<string, Promise<ObservedRegistry['integration']>>();
  const azure = await ports.azure.observe(targets, (address, registry) => {
    const read = integrationList.then(async (list) => {
      const integration = list.find((i) => i.loginServer.toLowerCase() === registry.loginServer.toLowerCase());
      return integration && { ...integration, repositories: await ports.server.listRepositories(integration.id) };
    });
    read.catch(() => {});
    serverSide.set(address, read);
  });
  await integrationList; // read even when no registry was found: a failed read aborts, whatever it was for
  const integrations = new Map(
    await Promise.all([...serverSide].map(async ([address, read]) => [address, await read] as const)),
  );
  const absent: AzureObservation = { scopeMaps: [], tokens: [], eventSubscriptions: [] };
  const azureDesired = active.map((r) => azure.get(r.address) ?? absent);
  const azureRemoved = removed.map((inventory) => azure.get(inventory.address) ?? absent);

  const locations = new Map<string, RegistryLocation>();
  const assemble = (address: string, azure: AzureObservation, subscriptionId: string): ObservedRegistry => {
    const integration = azure.registry ? integrations.get(address) : undefined;
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
