/** Event Grid system topics on registries. Azure allows one per source registry. */
import type { SystemTopic } from '@azure/arm-eventgrid';
import type { AzureContext } from '../context.js';
import { AzureInvalidRequestError, SystemTopicConflictError } from '../errors/index.js';
import { parseResourceId, type RegistryRef, type SystemTopicRef, sameResourceId, toRef } from '../ids.js';
import type { RegistryInfo, SystemTopicInfo } from '../models.js';
import { type PagedAsyncIterableIterator, toArray } from '../paging.js';
import { REGISTRY_TOPIC_TYPE } from '../subscriptions/index.js';
import { ignoreNotFound } from './idempotent.js';
import type { RegistriesOperations } from './registries.js';

/** Converts the SDK model. */
export function toSystemTopicInfo(topic: SystemTopic): SystemTopicInfo {
  const id = topic.id ?? '';
  return {
    id,
    name: topic.name ?? '',
    resourceGroup: parseResourceId(id)?.resourceGroup ?? '',
    source: topic.source ?? '',
    topicType: topic.topicType ?? '',
    location: topic.location,
    provisioningState: topic.provisioningState,
  };
}

const ONE_PER_SOURCE = /only one system topic|existing (tracked )?system topic|system topic .*already exists/i;

/** Options of {@link SystemTopicsOperations.create}. */
export interface CreateSystemTopicOptions {
  /** Resource group of the topic. Default: the registry's. */
  resourceGroup?: string | undefined;
  /** Default: the registry's location (a system topic lives where its source does). */
  location?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/** System topic operations (`client.systemTopics`). */
export class SystemTopicsOperations {
  readonly #ctx: AzureContext;
  readonly #registries: RegistriesOperations;

  /** @internal */
  constructor(ctx: AzureContext, registries: RegistriesOperations) {
    this.#ctx = ctx;
    this.#registries = registries;
  }

  /** System topics of a resource group, or of the whole subscription when none is given. */
  list(resourceGroup?: string): PagedAsyncIterableIterator<SystemTopicInfo> {
    const eg = this.#ctx.eventGrid;
    return this.#ctx.paged(
      resourceGroup === undefined ? 'systemTopics.listBySubscription' : 'systemTopics.listByResourceGroup',
      { resourceGroup },
      () =>
        resourceGroup === undefined
          ? eg.systemTopics.listBySubscription()
          : eg.systemTopics.listByResourceGroup(resourceGroup),
      toSystemTopicInfo,
    );
  }

  /** GET one system topic. */
  get(topic: SystemTopicRef): Promise<SystemTopicInfo> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.call('systemTopics.get', { resourceGroup: ref.resourceGroup, topic: ref.name }, async () =>
      toSystemTopicInfo(await this.#ctx.eventGrid.systemTopics.get(ref.resourceGroup, ref.name)),
    );
  }

  /**
   * The system topic whose `source` is the registry, whatever its name, or undefined when there is none.
   * One list call over `resourceGroup` (default: the registry's); pass `'subscription'` to search everywhere.
   * A failed list throws: it never means "absent".
   */
  async findForRegistry(
    registry: RegistryRef | RegistryInfo,
    options: { resourceGroup?: string | 'subscription' } = {},
  ): Promise<SystemTopicInfo | undefined> {
    const reg = typeof registry === 'object' && 'id' in registry ? registry : undefined;
    const ref = reg ?? toRef(registry as RegistryRef, 'registries');
    const source =
      reg?.id ??
      `/subscriptions/${this.#ctx.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${ref.name}`;
    const scope = options.resourceGroup ?? ref.resourceGroup;
    const topics = await toArray(this.list(scope === 'subscription' ? undefined : scope));
    return topics.find((t) => sameResourceId(t.source, source));
  }

  /**
   * Creates (or updates the tags of) a system topic for the registry and waits. When another topic already has
   * this registry as its source, throws SystemTopicConflictError naming it (reuse that one instead).
   * Costs one registry GET when `registry` is a reference rather than a RegistryInfo (for its id and location).
   */
  async create(
    registry: RegistryRef | RegistryInfo,
    name: string,
    options: CreateSystemTopicOptions = {},
  ): Promise<SystemTopicInfo> {
    const info = typeof registry === 'object' && 'id' in registry ? registry : await this.#registries.get(registry);
    const resourceGroup = options.resourceGroup ?? info.resourceGroup;
    const body: SystemTopic = {
      location: options.location ?? info.location,
      source: info.id,
      topicType: REGISTRY_TOPIC_TYPE,
      tags: options.tags,
    };
    try {
      return await this.#ctx.call(
        'systemTopics.create',
        { resourceGroup, topic: name, registry: info.name },
        async () =>
          toSystemTopicInfo(
            await this.#ctx.eventGrid.systemTopics.beginCreateOrUpdateAndWait(resourceGroup, name, body, this.#ctx.lro),
          ),
      );
    } catch (error) {
      if (error instanceof AzureInvalidRequestError)
        throw await this.#explainConflict(error, info, name, resourceGroup);
      throw error;
    }
  }

  async #explainConflict(
    error: AzureInvalidRequestError,
    registry: RegistryInfo,
    name: string,
    resourceGroup: string,
  ): Promise<AzureInvalidRequestError | SystemTopicConflictError> {
    let existing: SystemTopicInfo | undefined;
    try {
      existing = await this.findForRegistry(registry, { resourceGroup });
    } catch {
      existing = undefined; // The conflict is still reported from the message; the lookup was a courtesy.
    }
    const conflicting = existing && existing.name.toLowerCase() !== name.toLowerCase() ? existing : undefined;
    if (!conflicting && !ONE_PER_SOURCE.test(error.message)) return error;
    const message = conflicting
      ? `Registry ${registry.name} already has system topic '${conflicting.name}' (Azure allows one per source): ${error.message}`
      : error.message;
    return new SystemTopicConflictError(message, {
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      target: error.target,
      details: error.details,
      operation: 'systemTopics.create',
      existingTopicId: conflicting?.id,
    });
  }

  /** Deletes a system topic (and with it its event subscriptions) and waits. Idempotent. */
  delete(topic: SystemTopicRef): Promise<void> {
    const ref = toRef(topic, 'systemTopics');
    return ignoreNotFound(
      this.#ctx.call('systemTopics.delete', { resourceGroup: ref.resourceGroup, topic: ref.name }, async () => {
        await this.#ctx.eventGrid.systemTopics.beginDeleteAndWait(ref.resourceGroup, ref.name, this.#ctx.lro);
      }),
    );
  }
}
