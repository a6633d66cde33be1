/** Installs scout-acr's policies on an Azure SDK client's pipeline. */
import type { Pipeline } from '@azure/core-rest-pipeline';
import type { Logger } from '../../logging/index.js';
import type { RequestSlots } from '../options.js';
import { operationCapturePolicy } from './operation-context.js';
import { requestSlotsPolicy } from './request-slots.js';
import { type AzureRetryOptions, boundedRetryPolicy } from './retry-policy.js';

/**
 * Replaces the default retry policy with the bounded one, adds the operation-capture policy, and, when given,
 * the request-slots bound (after signing, so that back-off sleeps and token fetches hold no slot).
 */
export function configurePipeline(
  pipeline: Pipeline,
  retry: AzureRetryOptions,
  logger: Logger,
  slots?: RequestSlots | undefined,
): void {
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(boundedRetryPolicy(retry, logger), { phase: 'Retry' });
  pipeline.addPolicy(operationCapturePolicy());
  if (slots) pipeline.addPolicy(requestSlotsPolicy(slots), { afterPhase: 'Sign' });
}
