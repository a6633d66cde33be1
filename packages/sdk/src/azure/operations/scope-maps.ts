/** Registry scope maps (built-in ones included in lists). */
import type { ScopeMap } from '@azure/arm-containerregistry';
import type { AzureContext } from '../context.js';
import { type RegistryRef, toRef } from '../ids.js';
import type { ScopeMapInfo } from '../models.js';
import type { PagedAsyncIterableIterator } from '../paging.js';
import { ignoreNotFound } from './idempotent.js';

/** Converts the SDK model. */
export function toScopeMapInfo(map: ScopeMap): ScopeMapInfo {
  return {
    id: map.id ?? '',
    name: map.name ?? '',
    actions: [...(map.actions ?? [])],
    description: map.description,
    builtIn: map.typePropertiesType === 'SystemDefined',
    provisioningState: map.provisioningState,
  };
}

/** Input of {@link ScopeMapsOperations.createOrUpdate}. */
export interface ScopeMapInput {
  /** e.g. `['repositories/app/content/read', 'repositories/app/metadata/read']` */
  actions: string[];
  description?: string | undefined;
}

/** Scope map operations (`client.scopeMaps`). */
export class ScopeMapsOperations {
  readonly #ctx: AzureContext;

  /** @internal */
  constructor(ctx: AzureContext) {
    this.#ctx = ctx;
  }

  /** Every scope map of the registry, built-in ones (`builtIn: true`) included. */
  list(registry: RegistryRef): PagedAsyncIterableIterator<ScopeMapInfo> {
    const ref = toRef(registry, 'registries');
    return this.#ctx.paged(
      'scopeMaps.list',
      { resourceGroup: ref.resourceGroup, registry: ref.name },
      () => this.#ctx.acr.scopeMaps.list(ref.resourceGroup, ref.name),
      toScopeMapInfo,
    );
  }

  /** GET one scope map. */
  get(registry: RegistryRef, name: string): Promise<ScopeMapInfo> {
    const ref = toRef(registry, 'registries');
    return this.#ctx.call('scopeMaps.get', { resourceGroup: ref.resourceGroup, registry: ref.name, name }, async () =>
      toScopeMapInfo(await this.#ctx.acr.scopeMaps.get(ref.resourceGroup, ref.name, name)),
    );
  }

  /** PUT a scope map and wait for the long-running operation. */
  createOrUpdate(registry: RegistryRef, name: string, input: ScopeMapInput): Promise<ScopeMapInfo> {
    const ref = toRef(registry, 'registries');
    const body: ScopeMap = { actions: [...input.actions], description: input.description };
    return this.#ctx.call(
      'scopeMaps.createOrUpdate',
      { resourceGroup: ref.resourceGroup, registry: ref.name, name },
      async () =>
        toScopeMapInfo(await this.#ctx.acr.scopeMaps.create(ref.resourceGroup, ref.name, name, body, this.#ctx.lro)),
    );
  }

  /** DELETE a scope map and wait. Idempotent: a scope map (or registry) already gone is success. */
  delete(registry: RegistryRef, name: string): Promise<void> {
    const ref = toRef(registry, 'registries');
    return ignoreNotFound(
      this.#ctx.call('scopeMaps.delete', { resourceGroup: ref.resourceGroup, registry: ref.name, name }, async () => {
        await this.#ctx.acr.scopeMaps.delete(ref.resourceGroup, ref.name, name, this.#ctx.lro);
      }),
    );
  }
}
