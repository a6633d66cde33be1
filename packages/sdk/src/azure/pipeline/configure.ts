/** Installs scout-acr's policies on an Azure SDK client's pipeline. */
import type { Pipeline } from '@azure/core-rest-pipeline';
import type { Logger } from '../../logging/index.js';
import { operationCapturePolicy } from './operation-context.js';
import { type AzureRetryOptions, boundedRetryPolicy } from './retry-policy.js';

/** Replaces the default retry policy with the bounded one and adds the operation-capture policy. */
export function configurePipeline(pipeline: Pipeline, retry: AzureRetryOptions, logger: Logger): void {
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(boundedRetryPolicy(retry, logger), { phase: 'Retry' });
  pipeline.addPolicy(operationCapturePolicy());
}
