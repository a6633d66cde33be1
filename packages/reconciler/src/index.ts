/** `@scout-acr/reconciler`: scout-acr.yaml → plan → apply, from code. */
export const RECONCILER_VERSION = '0.1.0';
export { DEFAULT_POLL_INTERVAL_MS, SdkAzurePort, type SdkAzurePortOptions } from './adapters/azure-port.js';
export { type CredentialKind, createCredential, StaticTokenCredential } from './adapters/credential.js';
export { createPorts } from './adapters/ports.js';
export { SdkServerPort } from './adapters/server-port.js';
export * from './apply/index.js';
export { EXIT_CODES_HELP, ExitCode } from './cli/exit-codes.js';
export * from './config/index.js';
export { ReconcileLoop } from './daemon/loop.js';
export * from './plan/index.js';
export {
  type ApplyRunOptions,
  LeaseHeldError,
  type PlanOptions,
  planChanges,
  type ReconcilePorts,
  reconcileOnce,
  StalePlanError,
} from './reconcile.js';
export * from './repositories/index.js';
export * from './state/index.js';
