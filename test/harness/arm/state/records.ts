/** The records the emulator keeps per resource kind (internal; responses are rendered from them). */

export type ProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed' | 'Canceled';

export interface ResourceGroupRecord {
  name: string;
  location: string;
}

export interface RegistryRow {
  id: string;
  name: string;
  resourceGroup: string;
  loginServer: string;
  location: string;
  creationDate: string;
}

export interface ScopeMapRecord {
  id: string;
  name: string;
  registryId: string;
  description: string | undefined;
  actions: string[];
  /** 'IsUserDefined' for user scope maps, as in the official 2025-11-01 examples. */
  type: 'SystemDefined' | 'IsUserDefined';
  creationDate: string;
  provisioningState: ProvisioningState;
}

export interface StoredPassword {
  name: 'password1' | 'password2';
  creationTime: string;
  expiry: string | undefined;
  /** HMAC-SHA256 of the value under the emulator's key; the value itself is never kept. */
  hash: Buffer;
}

export interface TokenRecord {
  id: string;
  name: string;
  registryId: string;
  scopeMapId: string;
  status: 'enabled' | 'disabled';
  creationDate: string;
  provisioningState: ProvisioningState;
  passwords: StoredPassword[];
  certificates: Array<Record<string, unknown>>;
}

export interface SystemTopicRecord {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string> | null;
  source: string;
  topicType: string;
  metricResourceId: string;
  identity: Record<string, unknown> | undefined;
  provisioningState: ProvisioningState;
}

export interface EventSubscriptionRecord {
  id: string;
  name: string;
  topicId: string;
  /** Properties as the user set them (with defaults applied), endpointUrl included; readOnly fields excluded. */
  properties: Record<string, unknown>;
  /** During an update: the requested properties, applied when the operation succeeds (the old ones stay active). */
  pending: Record<string, unknown> | undefined;
  provisioningState: ProvisioningState | 'AwaitingManualAction';
}
