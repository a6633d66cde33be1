/** Container registries: read-only (scout-acr never creates or deletes a registry). */
import type { Registry } from '@azure/arm-containerregistry';
import type { AzureContext } from '../context.js';
import { AzureResourceNotFoundError } from '../errors/index.js';
import { parseResourceId, type RegistryRef, toRef } from '../ids.js';
import type { RegistryInfo } from '../models.js';
import type { PagedAsyncIterableIterator } from '../paging.js';

/** Converts the SDK model. */
export function toRegistryInfo(registry: Registry, subscriptionId: string): RegistryInfo {
  const id = registry.id ?? '';
  const parsed = parseResourceId(id);
  return {
    id,
    name: registry.name ?? parsed?.names[0] ?? '',
    subscriptionId: parsed?.subscriptionId ?? subscriptionId,
    resourceGroup: parsed?.resourceGroup ?? '',
    loginServer: registry.loginServer ?? '',
    location: registry.location,
    sku: registry.sku?.name,
    provisioningState: registry.provisioningState,
  };
}

/** Registry operations (`client.registries`). */
export class RegistriesOperations {
  readonly #ctx: AzureContext;

  /** @internal */
  constructor(ctx: AzureContext) {
    this.#ctx = ctx;
  }

  /** GET one registry. Throws AzureResourceNotFoundError (or its resource-group kind) when absent. */
  get(registry: RegistryRef): Promise<RegistryInfo> {
    const ref = toRef(registry, 'registries');
    return this.#ctx.call('registries.get', { resourceGroup: ref.resourceGroup, registry: ref.name }, async () =>
      toRegistryInfo(await this.#ctx.acr.registries.get(ref.resourceGroup, ref.name), this.#ctx.subscriptionId),
    );
  }

  /** Every registry of the subscription. */
  list(): PagedAsyncIterableIterator<RegistryInfo> {
    return this.#ctx.paged(
      'registries.list',
      {},
      () => this.#ctx.acr.registries.list(),
      (r) => toRegistryInfo(r, this.#ctx.subscriptionId),
    );
  }

  /** Every registry of one resource group. */
  listByResourceGroup(resourceGroup: string): PagedAsyncIterableIterator<RegistryInfo> {
    return this.#ctx.paged(
      'registries.listByResourceGroup',
      { resourceGroup },
      () => this.#ctx.acr.registries.listByResourceGroup(resourceGroup),
      (r) => toRegistryInfo(r, this.#ctx.subscriptionId),
    );
  }

  /**
   * Finds the registry serving `loginServer` (e.g. `myregistry.azurecr.io`) in the subscription: one list call
   * (paged). Throws AzureResourceNotFoundError when no registry of the subscription has that login server.
   */
  async resolveLoginServer(loginServer: string): Promise<RegistryInfo> {
    const wanted = loginServer
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    for await (const registry of this.list()) {
      if (registry.loginServer.toLowerCase() === wanted) return registry;
    }
    throw new AzureResourceNotFoundError(
      `No registry with login server '${wanted}' in subscription ${this.#ctx.subscriptionId}`,
      { code: 'RegistryNotFound', operation: 'registries.resolveLoginServer' },
    );
  }
}
