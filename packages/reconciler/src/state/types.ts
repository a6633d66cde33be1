/**
 * The reconciler's view of the world: what the config asks for (desired) and what Azure and the server report
 * (observed). Plain data, so the planner is a pure function that can be tested exhaustively; adapters fill these
 * from the SDK's Azure client and ScoutClient.
 */
import type { RepositorySelection } from '../repositories/index.js';

export type TokenScope = 'read-only' | 'repositories';
export type PasswordName = 'password1' | 'password2';

/** Stable identity of a registry entry, used in plan addresses: `<subscription>/<resourceGroup>/<name>`. */
export type RegistryAddress = string;

export interface ResourceNames {
  token: string;
  systemTopic: string;
  eventSubscription: string;
  scopeMap: string;
}

export interface DesiredRegistry {
  address: RegistryAddress;
  subscriptionId: string;
  resourceGroup: string;
  name?: string | undefined;
  loginServer?: string | undefined;
  suspend: boolean;
  deletionPolicy: 'delete' | 'orphan';
  names: ResourceNames;
  tokenScope: TokenScope;
  password: { expiresInDays: number; rotateBeforeDays: number };
  repositories: RepositorySelection;
}

export interface DesiredState {
  registries: DesiredRegistry[];
  /** Base URL Event Grid uses to reach the server (public), when it differs from the API URL. */
  webhookBaseUrl?: string | undefined;
}

/** What scout-acr created for a registry, kept on the server with the integration. Only these are ever deleted. */
export interface Inventory {
  managedBy: 'scout-acr';
  address: RegistryAddress;
  /** The server integration this registry feeds, once created. */
  integrationId?: string | undefined;
  /** Where the registry lives, so a registry removed from the config can still be found. */
  location?:
    | { subscriptionId: string; resourceGroup: string; name: string; id: string; loginServer: string }
    | undefined;
  /** ARM ids of resources scout-acr created (intent is written before the create call). */
  scopeMapId?: string | undefined;
  tokenId?: string | undefined;
  systemTopicId?: string | undefined;
  eventSubscriptionId?: string | undefined;
  /** Fingerprint (sha256 prefix) of the webhook URL last written to the subscription; detects secret rotation. */
  webhookFingerprint?: string | undefined;
  /** Password currently handed to the server, by name, with its expiry. Never the value. */
  password?: { name: PasswordName; expiry: string } | undefined;
  /** Resources adopted from Docker's ARM template: managed, but scout-acr did not create them. */
  adopted?: string[] | undefined;
  deletionPolicy?: 'delete' | 'orphan' | undefined;
}

export interface ObservedRegistryResource {
  id: string;
  name: string;
  resourceGroup: string;
  loginServer: string;
}

export interface ObservedScopeMap {
  id: string;
  name: string;
  actions: string[];
  builtIn: boolean;
}

export interface ObservedToken {
  id: string;
  name: string;
  scopeMapId: string;
  status: 'enabled' | 'disabled';
  passwords: Array<{ name: PasswordName; expiry?: string | undefined; creationTime?: string | undefined }>;
}

export interface ObservedSystemTopic {
  id: string;
  name: string;
  source: string;
}

export interface ObservedEventSubscription {
  id: string;
  name: string;
  /** The URL without its query string: all a GET reveals. */
  endpointBaseUrl?: string | undefined;
  includedEventTypes: string[];
  maxEventsPerBatch?: number | undefined;
  preferredBatchSizeInKilobytes?: number | undefined;
  eventDeliverySchema?: string | undefined;
  maxDeliveryAttempts?: number | undefined;
  eventTimeToLiveInMinutes?: number | undefined;
  provisioningState?: string | undefined;
}

export interface ObservedIntegration {
  id: string;
  loginServer: string;
  tokenName: string;
  status: 'CONNECTED' | 'PENDING' | 'FAILED';
  statusReason?: string | undefined;
  /** Webhook URL without its secret, and a fingerprint of the full URL (the secret never leaves the server here). */
  webhookBaseUrl: string;
  webhookFingerprint: string;
  /** Repositories in the registry's catalog joined with activation; undefined when the catalog could not be read. */
  repositories?: Array<{ name: string; active: boolean }> | undefined;
}

/** Everything observed for one desired registry. `registry: undefined` means ARM says it does not exist. */
export interface ObservedRegistry {
  address: RegistryAddress;
  registry?: ObservedRegistryResource | undefined;
  scopeMaps: ObservedScopeMap[];
  tokens: ObservedToken[];
  /** The system topic whose source is this registry (Azure allows one), whatever its name. */
  systemTopic?: ObservedSystemTopic | undefined;
  eventSubscriptions: ObservedEventSubscription[];
  /** Names of system topics in the registry's resource group that belong to other sources (names are unique per group). */
  topicNamesTaken?: string[] | undefined;
  integration?: ObservedIntegration | undefined;
  /** What scout-acr recorded as created for this registry (kept on the server, independent of the integration). */
  inventory?: Inventory | undefined;
}

export interface ObservedState {
  registries: Record<RegistryAddress, ObservedRegistry>;
  /** Registries the server knows as managed by scout-acr that the config no longer lists (removal candidates). */
  managedElsewhere: ObservedRegistry[];
  /** When observation happened; the planner uses it for password expiry. */
  observedAt: string;
}
