/** The Azure side of scout-acr: see `AzureAcrClient`. */
export { AzureAcrClient } from './client.js';
export { CONTAINER_REGISTRY_API_VERSION, EVENT_GRID_API_VERSION } from './context.js';
export * from './errors/index.js';
export {
  nameFromId,
  type ParsedResourceId,
  parseResourceId,
  type RegistryRef,
  registryId,
  type SystemTopicRef,
  sameResourceId,
  scopeMapId,
  systemTopicId,
} from './ids.js';
export type * from './models.js';
export type { EventSubscriptionsOperations } from './operations/event-subscriptions.js';
export type {
  IntegrationNames,
  RegistryIntegrationState,
} from './operations/integration.js';
export type { GeneratePasswordInput, PasswordsOperations } from './operations/passwords.js';
export type { RegistriesOperations } from './operations/registries.js';
export type { ScopeMapInput, ScopeMapsOperations } from './operations/scope-maps.js';
export type { CreateSystemTopicOptions, SystemTopicsOperations } from './operations/system-topics.js';
export type { TokenInput, TokensOperations } from './operations/tokens.js';
export { AZURE_PUBLIC_CLOUD_ENDPOINT, type AzureClientOptions, type RequestSlots } from './options.js';
export { type PagedAsyncIterableIterator, type PageSettings, toArray } from './paging.js';
export { type AzureRetryOptions, decideRetry } from './pipeline/retry-policy.js';
export * from './subscriptions/index.js';
