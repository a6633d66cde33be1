/**
 * The emulator's world: resource groups and the resources in them, keyed by lower-cased ARM id. Kind modules
 * (registries, scope maps, tokens, system topics, event subscriptions) hold the transitions; this class holds
 * the maps and the lookups that raise ARM's not-found errors in Azure's order (group, then parent, then resource).
 */
import { ArmError, armErrors } from '../errors/arm-error.js';
import { ids, key } from './ids.js';
import { PasswordHasher } from './passwords.js';
import type {
  EventSubscriptionRecord,
  RegistryRow,
  ResourceGroupRecord,
  ScopeMapRecord,
  SystemTopicRecord,
  TokenRecord,
} from './records.js';

export class ArmModel {
  readonly subscriptionId: string;
  readonly defaultLocation: string;
  readonly hasher = new PasswordHasher();
  readonly resourceGroups = new Map<string, ResourceGroupRecord>();
  readonly registries = new Map<string, RegistryRow>();
  readonly scopeMaps = new Map<string, ScopeMapRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly systemTopics = new Map<string, SystemTopicRecord>();
  readonly eventSubscriptions = new Map<string, EventSubscriptionRecord>();
  /**
   * Every secret value that passed through the emulator: generated token passwords (answered once, otherwise
   * only their HMAC is kept) and full webhook URLs (they carry the webhook secret). In memory only, never
   * recorded: the leak tests search everything a run produced for them.
   */
  readonly secretsSeen = { passwords: new Set<string>(), webhookUrls: new Set<string>() };

  constructor(subscriptionId: string, defaultLocation = 'westus') {
    this.subscriptionId = subscriptionId;
    this.defaultLocation = defaultLocation;
  }

  /** Throws 404 unless `subscriptionId` is the emulated subscription. */
  requireSubscription(subscriptionId: string): void {
    if (subscriptionId.toLowerCase() !== this.subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    }
  }

  requireResourceGroup(name: string): ResourceGroupRecord {
    const rg = this.resourceGroups.get(name.toLowerCase());
    if (!rg) throw armErrors.resourceGroupNotFound(name);
    return rg;
  }

  /** The registry, or ResourceNotFound (for operations on the registry itself). */
  requireRegistry(resourceGroup: string, name: string): RegistryRow {
    this.requireResourceGroup(resourceGroup);
    const reg = this.registries.get(key(ids.registry(this.subscriptionId, resourceGroup, name)));
    if (!reg) throw armErrors.resourceNotFound('Microsoft.ContainerRegistry/registries', name, resourceGroup);
    return reg;
  }

  /** The registry, or ParentResourceNotFound (for operations on its children). */
  requireParentRegistry(resourceGroup: string, name: string): RegistryRow {
    this.requireResourceGroup(resourceGroup);
    const reg = this.registries.get(key(ids.registry(this.subscriptionId, resourceGroup, name)));
    if (!reg) throw armErrors.parentResourceNotFound('Microsoft.ContainerRegistry/registries', name);
    return reg;
  }

  /** The system topic, or ParentResourceNotFound (for operations on its event subscriptions). */
  requireParentTopic(resourceGroup: string, name: string): SystemTopicRecord {
    this.requireResourceGroup(resourceGroup);
    const topic = this.systemTopics.get(key(ids.systemTopic(this.subscriptionId, resourceGroup, name)));
    if (!topic) throw armErrors.parentResourceNotFound('Microsoft.EventGrid/systemTopics', name);
    return topic;
  }

  /** Every record whose id starts with `prefix/` (children of a parent), in insertion order. */
  childrenOf<T extends { id: string }>(map: Map<string, T>, parentId: string): T[] {
    const prefix = `${key(parentId)}/`;
    return [...map.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  }
}
