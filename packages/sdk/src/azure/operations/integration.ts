/**
 * The whole Azure side of one registry's scout-acr (or Docker Scout) integration in a handful of calls: the
 * state a reconciler diffs against the desired one.
 *
 * Calls, when the registry exists: 5 ARM requests in 2 rounds (plus pagination, retries and nothing else):
 *   round 1, in parallel: registry GET, token list, scope-map list, system-topic list of the resource group;
 *   round 2: the event-subscription list of the registry's system topic (skipped when there is no topic).
 * No per-item GET: token passwords (names, expiries) come with the token list.
 */
import type { AzureContext } from '../context.js';
import { AzureResourceNotFoundError } from '../errors/index.js';
import { type RegistryRef, registryId, sameResourceId, toRef } from '../ids.js';
import type { RegistryInfo, ScopeMapInfo, SystemTopicInfo, TokenInfo } from '../models.js';
import { toArray } from '../paging.js';
import { DOCKER_SCOUT_NAMES, type EventSubscriptionInfo } from '../subscriptions/index.js';
import type { EventSubscriptionsOperations } from './event-subscriptions.js';
import type { RegistriesOperations } from './registries.js';
import type { ScopeMapsOperations } from './scope-maps.js';
import type { SystemTopicsOperations } from './system-topics.js';
import type { TokensOperations } from './tokens.js';

/** Names of the integration's resources. Defaults: Docker's ({@link DOCKER_SCOUT_NAMES}). */
export interface IntegrationNames {
  token?: string | undefined;
  /** Used when the token does not exist yet (otherwise the token's own scope map is reported). */
  scopeMap?: string | undefined;
  eventSubscription?: string | undefined;
}

/** What Azure holds for a registry's integration. Lists are complete; the named items are picked from them. */
export interface RegistryIntegrationState {
  /** Undefined when ARM says the registry (or its resource group) does not exist. */
  registry: RegistryInfo | undefined;
  /** The named token, with password names and expiries. */
  token: TokenInfo | undefined;
  /** The token's scope map (or the named one when there is no token). */
  scopeMap: ScopeMapInfo | undefined;
  /** The system topic whose source is the registry, whatever its name (Azure allows one). */
  systemTopic: SystemTopicInfo | undefined;
  /** The named event subscription on that topic. */
  eventSubscription: EventSubscriptionInfo | undefined;
  tokens: TokenInfo[];
  scopeMaps: ScopeMapInfo[];
  eventSubscriptions: EventSubscriptionInfo[];
  /** Client operations issued (each one ARM request unless a list spans pages): 5, or 4 without a topic. */
  calls: number;
}

/** Operation groups the description reads through. */
export interface IntegrationReaders {
  registries: RegistriesOperations;
  tokens: TokensOperations;
  scopeMaps: ScopeMapsOperations;
  systemTopics: SystemTopicsOperations;
  eventSubscriptions: EventSubscriptionsOperations;
}

function isMissingRegistry(error: unknown): boolean {
  return error instanceof AzureResourceNotFoundError && (error.kind === 'resource' || error.kind === 'resourceGroup');
}

/** See the module comment for the calls made. A failed read throws: it never means "absent". */
export async function describeRegistryIntegration(
  ctx: AzureContext,
  ops: IntegrationReaders,
  registry: RegistryRef,
  names: IntegrationNames = {},
): Promise<RegistryIntegrationState> {
  const ref = toRef(registry, 'registries');
  const tokenName = names.token ?? DOCKER_SCOUT_NAMES.token;
  const subscriptionName = names.eventSubscription ?? DOCKER_SCOUT_NAMES.eventSubscription;
  const expectedId = registryId(ctx.subscriptionId, ref.resourceGroup, ref.name);

  const [registryResult, tokensResult, mapsResult, topicsResult] = await Promise.allSettled([
    ops.registries.get(ref),
    toArray(ops.tokens.list(ref)),
    toArray(ops.scopeMaps.list(ref)),
    toArray(ops.systemTopics.list(ref.resourceGroup)),
  ]);
  if (registryResult.status === 'rejected') {
    if (isMissingRegistry(registryResult.reason)) {
      return {
        registry: undefined,
        token: undefined,
        scopeMap: undefined,
        systemTopic: undefined,
        eventSubscription: undefined,
        tokens: [],
        scopeMaps: [],
        eventSubscriptions: [],
        calls: 4,
      };
    }
    throw registryResult.reason;
  }
  for (const result of [tokensResult, mapsResult, topicsResult]) {
    if (result.status === 'rejected') throw result.reason;
  }
  const info = registryResult.value;
  const tokens = (tokensResult as PromiseFulfilledResult<TokenInfo[]>).value;
  const scopeMaps = (mapsResult as PromiseFulfilledResult<ScopeMapInfo[]>).value;
  const topics = (topicsResult as PromiseFulfilledResult<SystemTopicInfo[]>).value;

  const token = tokens.find((t) => t.name.toLowerCase() === tokenName.toLowerCase());
  const scopeMap = token
    ? scopeMaps.find((m) => sameResourceId(m.id, token.scopeMapId) || m.name === token.scopeMapName)
    : scopeMaps.find((m) => m.name === (names.scopeMap ?? DOCKER_SCOUT_NAMES.scopeMap));
  const systemTopic = topics.find((t) => sameResourceId(t.source, info.id) || sameResourceId(t.source, expectedId));
  const eventSubscriptions = systemTopic ? await toArray(ops.eventSubscriptions.list(systemTopic.id)) : [];
  const eventSubscription = eventSubscriptions.find((s) => s.name.toLowerCase() === subscriptionName.toLowerCase());
  return {
    registry: info,
    token,
    scopeMap,
    systemTopic,
    eventSubscription,
    tokens,
    scopeMaps,
    eventSubscriptions,
    calls: systemTopic ? 5 : 4,
  };
}
