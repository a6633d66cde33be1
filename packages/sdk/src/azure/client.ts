/**
 * `AzureAcrClient`: the Azure side of scout-acr over the official `@azure/arm-containerregistry` and
 * `@azure/arm-eventgrid` clients. Operation groups in the Azure SDK style (`client.tokens.list(…)`); each group
 * is a small class of its own.
 */
import { AzureContext } from './context.js';
import { AzureError } from './errors/index.js';
import type { RegistryRef } from './ids.js';
import { parseResourceId } from './ids.js';
import { EventSubscriptionsOperations } from './operations/event-subscriptions.js';
import {
  describeRegistryIntegration,
  type IntegrationNames,
  type RegistryIntegrationState,
} from './operations/integration.js';
import { PasswordsOperations } from './operations/passwords.js';
import { RegistriesOperations } from './operations/registries.js';
import { ScopeMapsOperations } from './operations/scope-maps.js';
import { SystemTopicsOperations } from './operations/system-topics.js';
import { TokensOperations } from './operations/tokens.js';
import type { AzureClientOptions } from './options.js';

/**
 * Client for a subscription's container registries, their tokens, scope maps and passwords, and the Event Grid
 * system topics and subscriptions that deliver their image events.
 *
 * @example
 * ```ts
 * const azure = new AzureAcrClient({ subscriptionId });
 * const registry = await azure.registries.resolveLoginServer('myregistry.azurecr.io');
 * const state = await azure.describeRegistryIntegration(registry.id);
 * ```
 */
export class AzureAcrClient {
  /** Container registries (read-only). */
  readonly registries: RegistriesOperations;
  /** Registry scope maps. */
  readonly scopeMaps: ScopeMapsOperations;
  /** Registry tokens. */
  readonly tokens: TokensOperations;
  /** Token passwords. */
  readonly passwords: PasswordsOperations;
  /** Event Grid system topics. */
  readonly systemTopics: SystemTopicsOperations;
  /** Event subscriptions of system topics. */
  readonly eventSubscriptions: EventSubscriptionsOperations;
  readonly #ctx: AzureContext;

  constructor(options: AzureClientOptions) {
    this.#ctx = new AzureContext(options);
    this.registries = new RegistriesOperations(this.#ctx);
    this.scopeMaps = new ScopeMapsOperations(this.#ctx);
    this.tokens = new TokensOperations(this.#ctx);
    this.passwords = new PasswordsOperations(this.#ctx);
    this.systemTopics = new SystemTopicsOperations(this.#ctx, this.registries);
    this.eventSubscriptions = new EventSubscriptionsOperations(this.#ctx);
  }

  /** The subscription this client works in. */
  get subscriptionId(): string {
    return this.#ctx.subscriptionId;
  }

  /** The ARM endpoint this client talks to. */
  get endpoint(): string {
    return this.#ctx.endpoint;
  }

  /**
   * Everything Azure holds for a registry's integration (token, its scope map, password names and expiries,
   * the registry's system topic, the named event subscription, and the full lists), in 5 ARM calls over two
   * rounds (4 when the registry has no system topic). See {@link RegistryIntegrationState}.
   */
  describeRegistryIntegration(registry: RegistryRef, names?: IntegrationNames): Promise<RegistryIntegrationState> {
    return describeRegistryIntegration(this.#ctx, this, registry, names);
  }

  /**
   * Deletes a resource scout-acr manages by ARM id: a token, scope map, system topic or event subscription.
   * Idempotent. Throws AzureError (`UnsupportedResourceId`) for any other kind of id.
   */
  async deleteById(id: string): Promise<void> {
    const parsed = parseResourceId(id);
    const types = parsed?.types.map((t) => t.toLowerCase()).join('/');
    const provider = parsed?.provider.toLowerCase();
    if (parsed && parsed.subscriptionId.toLowerCase() !== this.#ctx.subscriptionId.toLowerCase()) {
      throw new AzureError(`Resource ${id} is in another subscription than this client's`, {
        code: 'SubscriptionMismatch',
        operation: 'deleteById',
      });
    }
    if (
      parsed &&
      provider === 'microsoft.containerregistry' &&
      (types === 'registries/tokens' || types === 'registries/scopemaps')
    ) {
      const registry = { resourceGroup: parsed.resourceGroup, name: parsed.names[0] ?? '' };
      const name = parsed.names[1] ?? '';
      return types === 'registries/tokens' ? this.tokens.delete(registry, name) : this.scopeMaps.delete(registry, name);
    }
    if (parsed && provider === 'microsoft.eventgrid' && types === 'systemtopics') {
      return this.systemTopics.delete({ resourceGroup: parsed.resourceGroup, name: parsed.names[0] ?? '' });
    }
    if (parsed && provider === 'microsoft.eventgrid' && types === 'systemtopics/eventsubscriptions') {
      const topic = { resourceGroup: parsed.resourceGroup, name: parsed.names[0] ?? '' };
      return this.eventSubscriptions.delete(topic, parsed.names[1] ?? '');
    }
    throw new AzureError(`Not a resource scout-acr deletes: ${id}`, {
      code: 'UnsupportedResourceId',
      operation: 'deleteById',
    });
  }
}
