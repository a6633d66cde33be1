/**
 * Plain, secret-free views of the Azure resources the client manages. They are what the client returns; the
 * official SDK models stay an implementation detail so callers are insulated from SDK generations.
 */
import type { Secret } from '../secret/index.js';

/** A container registry. */
export interface RegistryInfo {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `myregistry.azurecr.io` */
  loginServer: string;
  location: string;
  sku: string | undefined;
  provisioningState: string | undefined;
}

/** A scope map. Built-in (`SystemDefined`) ones such as `_repositories_pull_metadata_read` are included in lists. */
export interface ScopeMapInfo {
  id: string;
  name: string;
  /** e.g. `repositories/*\/content/read`, `repositories/app/metadata/read` */
  actions: string[];
  description: string | undefined;
  /** True for the registry's built-in scope maps (`SystemDefined`), which cannot be changed or deleted. */
  builtIn: boolean;
  provisioningState: string | undefined;
}

/** Token status, lower-case as ACR spells it. */
export type TokenStatus = 'enabled' | 'disabled';

/** A token password's name. */
export type TokenPasswordName = 'password1' | 'password2';

/** What ARM reveals about a token password: its name and dates, never its value. */
export interface TokenPasswordInfo {
  name: TokenPasswordName;
  /** ISO 8601; undefined when the password never expires. */
  expiry: string | undefined;
  creationTime: string | undefined;
}

/** A registry token. */
export interface TokenInfo {
  id: string;
  name: string;
  scopeMapId: string;
  /** The scope map's name (last segment of `scopeMapId`). */
  scopeMapName: string;
  status: TokenStatus;
  passwords: TokenPasswordInfo[];
  creationDate: string | undefined;
  provisioningState: string | undefined;
}

/** A freshly generated token password. `value` is shown once by Azure: hand it on, never log or store it. */
export interface GeneratedPassword {
  name: TokenPasswordName;
  /** ISO 8601 */
  expiry: string | undefined;
  /** The user name to log in with (the token's name). */
  username: string;
  value: Secret;
}

/** An Event Grid system topic. */
export interface SystemTopicInfo {
  id: string;
  name: string;
  resourceGroup: string;
  /** ARM id of the resource whose events the topic publishes (here: a registry). */
  source: string;
  topicType: string;
  location: string;
  provisioningState: string | undefined;
}
