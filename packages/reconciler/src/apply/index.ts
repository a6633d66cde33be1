export {
  type ApplyOptions,
  type ApplyProgress,
  type ApplyResult,
  ApplyStepError,
  applyPlan,
  type StepFailure,
} from './apply.js';
export { mapWithConcurrency } from './concurrency.js';
export type { AzurePort, LeasePort, RegistryLocation, ServerIntegration, ServerPort } from './ports.js';
