import type { TokenCredential } from '@azure/core-auth';
import type { Logger, Secret } from '@scout-acr/sdk';
import {
  AzureAcrClient,
  type AzureClientOptions,
  buildImageChangeSubscription,
  type EventSubscriptionInfo,
  type RegistryInfo,
  type SystemTopicInfo,
  toArray,
} from '@scout-acr/sdk/azure';
import { mapWithConcurrency } from '../apply/concurrency.js';
import type { AzureObservation, AzurePort, AzureTarget, RegistryLocation } from '../apply/ports.js';
import { Semaphore } from '../apply/semaphore.js';
import type { ObservedEventSubscription } from '../state/types.js';

export interface SdkAzurePortOptions {
  credential?: TokenCredential | undefined;
  endpoint?: string | undefined;
  logger?: Logger | undefined;
  /**
   * ARM requests in flight, across every subscription (LRO polls included; a request holds its slot only while
   * on the wire, not while an operation waits between polls). Default 16.
   */
  concurrency?: number;
  /** LRO poll interval when Azure sends no `Retry-After`. Default {@link DEFAULT_POLL_INTERVAL_MS}. */
  pollIntervalMs?: number;
}

function toObservedSubscription(s: EventSubscriptionInfo): ObservedEventSubscription {
  const webhook =
    s.destination && s.destination.endpointType === 'WebHook' && 'endpointBaseUrl' in s.destination
      ? s.destination
      : undefined;
  return {
    id: s.id,
    name: s.name,
    endpointBaseUrl: webhook?.endpointBaseUrl,
    includedEventTypes: s.filter.includedEventTypes ?? [],
    maxEventsPerBatch: webhook?.maxEventsPerBatch,
    preferredBatchSizeInKilobytes: webhook?.preferredBatchSizeInKilobytes,
    eventDeliverySchema: s.eventDeliverySchema,
    maxDeliveryAttempts: s.retryPolicy.maxDeliveryAttempts,
    eventTimeToLiveInMinutes: s.retryPolicy.eventTimeToLiveInMinutes,
    provisioningState: s.provisioningState,
  };
}

const lower = (value: string) => value.toLowerCase();

/**
 * Poll interval of long-running operations when Azure sends no `Retry-After` (it usually does, and that wins):
 * 1 s rather than the SDK's 2 s, since each registry waits on a few operations in a row.
 */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * The reconciler's Azure side over the SDK's AzureAcrClient (one per subscription). Observation is batched by
 * resource group so that a no-op reconcile makes the minimum of ARM calls: registries and system topics listed
 * once per resource group; tokens (and scope maps when needed) per registry; subscriptions per topic.
 */
export class SdkAzurePort implements AzurePort {
  readonly #clients = new Map<string, AzureAcrClient>();
  readonly #slots: Semaphore;
  /**
   * Registries as the group lists returned them, by lower-cased id: a system topic create needs the registry's
   * region, which the list already gave, so it need not cost a Registries_Get per registry (a registry's
   * region never changes).
   */
  readonly #seen = new Map<string, RegistryInfo>();
  constructor(private readonly options: SdkAzurePortOptions = {}) {
    this.#slots = new Semaphore(options.concurrency ?? 16);
  }

  client(subscriptionId: string): AzureAcrClient {
    let client = this.#clients.get(subscriptionId);
    if (!client) {
      const options: AzureClientOptions = {
        subscriptionId,
        credential: this.options.credential,
        endpoint: this.options.endpoint,
        logger: this.options.logger,
        pollIntervalMs: this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        requestSlots: this.#slots,
      };
      client = new AzureAcrClient(options);
      this.#clients.set(subscriptionId, client);
    }
    return client;
  }

  async observe(
    targets: AzureTarget[],
    onRegistry?: (address: string, registry: NonNullable<AzureObservation['registry']>) => void,
  ): Promise<Map<string, AzureObservation>> {
    const concurrency = this.#slots.limit;
    const groups = new Map<string, AzureTarget[]>();
    for (const target of targets) {
      const key = `${lower(target.subscriptionId)}/${lower(target.resourceGroup)}`;
      groups.set(key, [...(groups.get(key) ?? []), target]);
    }
    const result = new Map<string, AzureObservation>();
    // Round 1, per resource group: the registries and the system topics.
    const perGroup = await mapWithConcurrency([...groups.values()], concurrency, async (group) => {
      const first = group[0] as AzureTarget;
      const client = this.client(first.subscriptionId);
      const [registries, topics] = await Promise.all([
        toArray(client.registries.listByResourceGroup(first.resourceGroup)),
        toArray(client.systemTopics.list(first.resourceGroup)),
      ]);
      return { group, registries, topics };
    });
    // Round 2, per registry: tokens, scope maps when needed, the topic's subscriptions.
    const work = perGroup.flatMap(({ group, registries, topics }) =>
      group.map((target) => ({ target, registry: findRegistry(registries, target), topics })),
    );
    for (const { target, registry } of work) {
      if (!registry) continue;
      this.#seen.set(lower(registry.id), registry);
      onRegistry?.(target.address, observedRegistry(registry));
    }
    await mapWithConcurrency(work, concurrency, async ({ target, registry, topics }) => {
      if (!registry) {
        result.set(target.address, { scopeMaps: [], tokens: [], eventSubscriptions: [] });
        return;
      }
      const client = this.client(target.subscriptionId);
      const topic = topics.find((t) => lower(t.source) === lower(registry.id));
      const [tokens, scopeMaps, subscriptions] = await Promise.all([
        toArray(client.tokens.list(registry.id)),
        target.needScopeMaps ? toArray(client.scopeMaps.list(registry.id)) : Promise.resolve([]),
        topic ? toArray(client.eventSubscriptions.list(topic.id)) : Promise.resolve([]),
      ]);
      result.set(target.address, {
        registry: observedRegistry(registry),
        tokens: tokens.map((t) => ({
          id: t.id,
          name: t.name,
          scopeMapId: t.scopeMapId,
          status: t.status,
          passwords: t.passwords.map((p) => ({ name: p.name, expiry: p.expiry, creationTime: p.creationTime })),
        })),
        scopeMaps: scopeMaps.map((m) => ({ id: m.id, name: m.name, actions: m.actions, builtIn: m.builtIn })),
        systemTopic: topic ? toObservedTopic(topic) : undefined,
        topicNamesTaken: topics.filter((t) => t !== topic).map((t) => t.name),
        eventSubscriptions: subscriptions.map(toObservedSubscription),
      });
    });
    return result;
  }

  async putScopeMap(at: RegistryLocation, name: string, actions: string[]): Promise<{ id: string }> {
    const map = await this.client(at.subscriptionId).scopeMaps.createOrUpdate(at.id, name, {
      actions,
      description: 'Managed by scout-acr: read access to the configured repositories',
    });
    return { id: map.id };
  }

  async putToken(
    at: RegistryLocation,
    name: string,
    scopeMap: string,
    status: 'enabled' | 'disabled',
  ): Promise<{ id: string }> {
    const client = this.client(at.subscriptionId);
    const token = await client.tokens.createOrUpdate(at.id, name, { scopeMap, status });
    return { id: token.id };
  }

  async generatePassword(at: RegistryLocation, tokenName: string, name: 'password1' | 'password2', expiry: Date) {
    const generated = await this.client(at.subscriptionId).passwords.generate(at.id, tokenName, { name, expiry });
    return { name: generated.name, expiry: generated.expiry ?? expiry.toISOString(), value: generated.value };
  }

  async putSystemTopic(at: RegistryLocation, name: string): Promise<{ id: string }> {
    const topic = await this.client(at.subscriptionId).systemTopics.create(
      this.#seen.get(lower(at.id)) ?? at.id,
      name,
      {
        tags: { 'managed-by': 'scout-acr' },
      },
    );
    return { id: topic.id };
  }

  async putEventSubscription(
    at: RegistryLocation,
    topicName: string,
    name: string,
    endpointUrl: Secret,
  ): Promise<{ id: string }> {
    const subscription = await this.client(at.subscriptionId).eventSubscriptions.createOrUpdate(
      { resourceGroup: at.resourceGroup, name: topicName },
      name,
      buildImageChangeSubscription(endpointUrl),
    );
    return { id: subscription.id };
  }

  async deleteResource(id: string): Promise<void> {
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
    if (!subscriptionId) throw new Error(`not an ARM resource id: ${id}`);
    await this.client(subscriptionId).deleteById(id);
  }
}

function findRegistry(registries: RegistryInfo[], target: AzureTarget): RegistryInfo | undefined {
  return registries.find((r) =>
    target.name ? lower(r.name) === lower(target.name) : lower(r.loginServer) === lower(target.loginServer ?? ''),
  );
}

function observedRegistry(registry: RegistryInfo): NonNullable<AzureObservation['registry']> {
  return {
    id: registry.id,
    name: registry.name,
    resourceGroup: registry.resourceGroup,
    loginServer: registry.loginServer,
  };
}

function toObservedTopic(topic: SystemTopicInfo) {
  return { id: topic.id, name: topic.name, source: topic.source };
}
