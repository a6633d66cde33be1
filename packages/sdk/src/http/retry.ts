import { isTransientError, ScoutAcrError } from '../errors/index.js';

export interface RetryOptions {
  /** Attempts after the first one. Default 4. */
  maxRetries?: number;
  /** First back-off delay in ms; doubles each attempt, with full jitter. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of one delay in ms, including server-requested ones. Default 60 000. */
  maxDelayMs?: number;
  /** Decides whether an error is worth retrying. Default: `isTransientError`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to count throttling in metrics. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal | undefined;
  /** Injectable for tests. */
  random?: () => number;
}

/**
 * Runs `operation` until it succeeds, fails terminally, or retries run out. A server-requested delay
 * (`Retry-After`, carried as `ScoutAcrError.retryAfterMs`) is honoured exactly; otherwise exponential
 * back-off with full jitter, as the Azure SDK and AWS SDK do.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? 4;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 60_000;
  const shouldRetry = options.shouldRetry ?? isTransientError;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxRetries || !shouldRetry(error)) throw error;
      const requested = error instanceof ScoutAcrError ? error.retryAfterMs : undefined;
      const delayMs = Math.min(max, requested ?? Math.floor(random() * base * 2 ** attempt));
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** Parses `Retry-After` (delta-seconds or HTTP date) and `retry-after-ms` into milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null | undefined },
  now = Date.now(),
): number | undefined {
  const ms = headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms');
  if (ms && /^\d+$/.test(ms.trim())) return Number(ms.trim());
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
