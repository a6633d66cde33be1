import type { Secret } from '@scout-acr/sdk';
import type { Inventory, ObservedRegistry, PasswordName, RegistryAddress } from '../state/types.js';

/** A registry to observe: from the config, or from an inventory when the config no longer lists it. */
export interface AzureTarget {
  address: RegistryAddress;
  subscriptionId: string;
  resourceGroup: string;
  name?: string | undefined;
  loginServer?: string | undefined;
  /** List the registry's scope maps too (least-privilege tokens, or an inventoried scope map to clean up). */
  needScopeMaps: boolean;
}

export type AzureObservation = Omit<ObservedRegistry, 'integration' | 'address' | 'inventory'>;

/** Where a registry lives in Azure, resolved during observation. */
export interface RegistryLocation {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  id: string;
  loginServer: string;
}

/**
 * The Azure side as the reconciler needs it. Implemented over the SDK's AzureAcrClient; tests may substitute an
 * in-memory fake for unit tests of the executor, never for end-to-end tests.
 */
export interface AzurePort {
  /**
   * Everything Azure knows about these registries' integrations, with list calls only (no per-item GETs):
   * registries and system topics once per resource group, tokens (and scope maps when needed) per registry,
   * subscriptions per topic. Any failed read rejects the whole observation. `onRegistry` is called as soon as
   * a target's registry is found (after the group lists, before the per-registry lists), so that the caller can
   * start reading the server side of that registry meanwhile.
   */
  observe(
    targets: AzureTarget[],
    onRegistry?: (address: RegistryAddress, registry: NonNullable<AzureObservation['registry']>) => void,
  ): Promise<Map<RegistryAddress, AzureObservation>>;
  putScopeMap(at: RegistryLocation, name: string, actions: string[]): Promise<{ id: string }>;
  putToken(
    at: RegistryLocation,
    name: string,
    scopeMap: string,
    status: 'enabled' | 'disabled',
  ): Promise<{ id: string }>;
  generatePassword(
    at: RegistryLocation,
    tokenName: string,
    name: PasswordName,
    expiry: Date,
  ): Promise<{ name: PasswordName; expiry: string; value: Secret }>;
  putSystemTopic(at: RegistryLocation, name: string): Promise<{ id: string }>;
  putEventSubscription(
    at: RegistryLocation,
    topicName: string,
    name: string,
    endpointUrl: Secret,
  ): Promise<{ id: string }>;
  /** Deletes by ARM id; a resource already gone is success. */
  deleteResource(id: string): Promise<void>;
}

export interface ServerIntegration {
  id: string;
  loginServer: string;
  tokenName: string;
  status: 'CONNECTED' | 'PENDING' | 'FAILED';
  statusReason?: string | undefined;
  webhookBaseUrl: string;
  webhookFingerprint: string;
}

/** The scout-acr server as the reconciler needs it, over the SDK's ScoutClient. */
export interface ServerPort {
  /** Inventories of every registry this organization's reconcilers manage (one call). */
  listInventories(): Promise<Inventory[]>;
  putInventory(inventory: Inventory): Promise<void>;
  deleteInventory(address: RegistryAddress): Promise<void>;
  /** Every integration of the organization (one paged list). */
  listIntegrations(): Promise<ServerIntegration[]>;
  /** An integration's repositories: its registry's catalog joined with activation (one paged list). */
  listRepositories(integrationId: string): Promise<Array<{ name: string; active: boolean }>>;
  createIntegration(input: { loginServer: string; tokenName: string; password: Secret }): Promise<ServerIntegration>;
  /** Hands over a new password; the server tests it before dropping the old one. */
  updateIntegration(
    id: string,
    input: { loginServer?: string; tokenName?: string; password?: Secret },
  ): Promise<ServerIntegration>;
  /** The full webhook URL (carries the secret); admins only. */
  webhookUrl(id: string): Promise<Secret>;
  activate(id: string, input: { names: string[]; patterns: string[] }): Promise<string[]>;
  deactivate(id: string, names: string[]): Promise<void>;
  deleteIntegration(id: string): Promise<void>;
}

/** A lease so that two reconcilers never act at once. */
export interface LeasePort {
  acquire(
    holder: string,
    ttlMs: number,
  ): Promise<{ acquired: true } | { acquired: false; holder: string; expiresAt: string }>;
  renew(holder: string, ttlMs: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}
