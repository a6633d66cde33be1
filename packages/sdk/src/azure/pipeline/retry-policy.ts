/**
 * The retry policy both Azure clients use instead of the SDK default. Same strategies as the Azure core pipeline
 * (honour `Retry-After` on 429/503, exponential back-off on 408/5xx and dropped connections), with two changes:
 * a server-requested delay longer than `maxRetryAfterMs` is not slept through (the request fails with a
 * throttling error whose `retryAfterMs` tells the caller when to come back), and a 429 without `Retry-After`
 * is retried with back-off instead of failing at once.
 */
import {
  type PipelinePolicy,
  type PipelineResponse,
  RestError,
  type RetryStrategy,
  retryPolicy,
} from '@azure/core-rest-pipeline';
import { parseRetryAfter } from '../../http/index.js';
import type { Logger } from '../../logging/index.js';

/** Retry settings of the Azure clients. */
export interface AzureRetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** First back-off delay in ms (doubles each retry, with jitter). Default 800. */
  retryDelayInMs?: number;
  /** Upper bound of one back-off delay in ms. Default 30 000. */
  maxRetryDelayInMs?: number;
  /** Longest `Retry-After` the client sleeps through; longer ones surface as a throttling error. Default 60 000. */
  maxRetryAfterMs?: number;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
]);

/** True for an error raised before any response arrived that a new attempt may cure. */
export function isRetryableNetworkError(error: RestError | undefined): boolean {
  if (!error || error.response) return false;
  return error.code !== undefined && NETWORK_CODES.has(error.code);
}

function isThrottleStatus(status: number): boolean {
  return status === 429 || status === 503;
}

function isBackoffStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/** Exponential back-off with ±20 % jitter, capped. */
export function backoffDelay(retryCount: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = baseMs * 2 ** retryCount;
  const jittered = exponential * (0.8 + random() * 0.4);
  return Math.min(maxMs, Math.round(jittered));
}

/** The decision for one failed attempt; pure so it can be tested without a server. */
export function decideRetry(
  input: { retryCount: number; response?: PipelineResponse | undefined; responseError?: RestError | undefined },
  options: Required<AzureRetryOptions>,
  random = Math.random,
): { retryAfterInMs: number } | { tooLong: number } | { skip: true } {
  const { response, responseError, retryCount } = input;
  if (response) {
    const status = response.status;
    const requested = parseRetryAfter(response.headers);
    if (isThrottleStatus(status) && requested !== undefined) {
      return requested > options.maxRetryAfterMs ? { tooLong: requested } : { retryAfterInMs: requested };
    }
    if (status === 429 || isBackoffStatus(status)) {
      return { retryAfterInMs: backoffDelay(retryCount, options.retryDelayInMs, options.maxRetryDelayInMs, random) };
    }
    return { skip: true };
  }
  if (isRetryableNetworkError(responseError)) {
    return { retryAfterInMs: backoffDelay(retryCount, options.retryDelayInMs, options.maxRetryDelayInMs, random) };
  }
  return { skip: true };
}

/** Fills in defaults. */
export function resolveRetryOptions(options: AzureRetryOptions = {}): Required<AzureRetryOptions> {
  return {
    maxRetries: options.maxRetries ?? 4,
    retryDelayInMs: options.retryDelayInMs ?? 800,
    maxRetryDelayInMs: options.maxRetryDelayInMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
}

/** Builds the pipeline policy (installed in the `Retry` phase in place of the default one). */
export function boundedRetryPolicy(options: AzureRetryOptions, logger: Logger): PipelinePolicy {
  const resolved = resolveRetryOptions(options);
  const strategy: RetryStrategy = {
    name: 'scoutAcrBoundedRetry',
    retry(info) {
      const decision = decideRetry(info, resolved);
      if ('skip' in decision) return { skipStrategy: true };
      const url = new URL(info.response?.request.url ?? 'https://unknown');
      if ('tooLong' in decision) {
        logger.warn(
          { status: info.response?.status, retryAfterMs: decision.tooLong, path: url.pathname },
          'Azure asked to wait longer than maxRetryAfterMs; not retrying',
        );
        const response = info.response as PipelineResponse;
        return {
          errorToThrow: new RestError(`Throttled: retry after ${decision.tooLong} ms`, {
            code: 'TooManyRequests',
            statusCode: response.status,
            request: response.request,
            response,
          }),
        };
      }
      logger.info(
        {
          attempt: info.retryCount + 1,
          delayMs: decision.retryAfterInMs,
          status: info.response?.status,
          errorCode: info.responseError?.code,
          method: info.response?.request.method,
          path: info.response ? url.pathname : undefined,
        },
        'retrying Azure request',
      );
      return { retryAfterInMs: decision.retryAfterInMs };
    },
  };
  return retryPolicy([strategy], { maxRetries: resolved.maxRetries });
}
