/** `@scout-acr/server`: the scout-acr server, embeddable from code. */

export {
  type AnalysisMetrics,
  createAnalysisMetrics,
  type InventoryListener,
  PackageAnalyzer,
  type PackageAnalyzerOptions,
} from './analyze/index.js';
export { type ScoutServer, type ScoutServerOptions, startScoutServer } from './app/server.js';
export { authenticateApiKey, createApiKey, type Principal } from './auth/api-keys.js';
export type { ServerContext } from './context.js';
export { SecretBox } from './crypto/index.js';
export type { ImageAnalyzer } from './images/analyzer.js';
export { type JobHandler, JobWorker, type JobWorkerOptions, PermanentJobError } from './jobs/worker.js';
export {
  type ConnectionTester,
  type ConnectionTestResult,
  classifyConnectionError,
  GatewayConnectionTester,
} from './registry/connection-tester.js';
export { defaultGatewayFactory, registryClientGateway } from './registry/default-gateway.js';
export type {
  FetchedManifest,
  RegistryCredentials,
  RegistryGateway,
  RegistryGatewayFactory,
} from './registry/gateway.js';
export { SqliteStore, type Store } from './store/index.js';
export { SERVER_VERSION } from './version.js';
