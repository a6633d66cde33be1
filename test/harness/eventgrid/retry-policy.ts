/**
 * Event Grid's delivery retry rules (docs: "Event Grid message delivery and retry"), as pure functions.
 */

/** Delays before retries 1…9; afterwards every 12 hours until the attempts or the time to live run out. */
export const RETRY_SCHEDULE_MS = [
  10_000,
  30_000,
  60_000,
  5 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  3 * 60 * 60_000,
  6 * 60 * 60_000,
] as const;
export const RETRY_EVERY_MS_AFTER_SCHEDULE = 12 * 60 * 60_000;

/** How long Event Grid waits for a webhook to answer one delivery. */
export const ATTEMPT_TIMEOUT_MS = 30_000;

/** Delay before the next attempt, after `failedAttempts` (≥ 1) failures, scaled by `timeScale`. */
export function retryDelayMs(failedAttempts: number, timeScale = 1): number {
  const base = RETRY_SCHEDULE_MS[failedAttempts - 1] ?? RETRY_EVERY_MS_AFTER_SCHEDULE;
  return base * timeScale;
}

/** 200–204 acknowledge a delivery (Event Grid's success codes). */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 204;
}

/**
 * Webhook answers Event Grid never retries: 400 Bad Request, 401 Unauthorized, 403 Forbidden, 413 Request Entity
 * Too Large. The event is dead-lettered (or dropped without a dead-letter destination) at once. Everything else,
 * 404 and 5xx included, is retried on the schedule.
 */
export const NON_RETRIABLE_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 413]);

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'dead-letter'; reason: DeadLetterReason };

/** Azure's `deadLetterReason` values (plus ours for a non-retriable answer). */
export type DeadLetterReason = 'MaxDeliveryAttemptsExceeded' | 'TimeToLiveExceeded' | 'NonRetriableError';

/**
 * Decides what follows an attempt. `attempt` is 1-based; `expiresAt` is the event's publish time plus its
 * (scaled) time to live: a retry that would start after it dead-letters instead.
 */
export function nextStep(input: {
  status: number | undefined;
  attempt: number;
  maxDeliveryAttempts: number;
  now: number;
  expiresAt: number;
  timeScale: number;
}): AttemptOutcome {
  if (input.status !== undefined && isSuccessStatus(input.status)) return { kind: 'delivered' };
  if (input.status !== undefined && NON_RETRIABLE_STATUSES.has(input.status)) {
    return { kind: 'dead-letter', reason: 'NonRetriableError' };
  }
  if (input.attempt >= input.maxDeliveryAttempts) return { kind: 'dead-letter', reason: 'MaxDeliveryAttemptsExceeded' };
  const delayMs = retryDelayMs(input.attempt, input.timeScale);
  if (input.now + delayMs > input.expiresAt) return { kind: 'dead-letter', reason: 'TimeToLiveExceeded' };
  return { kind: 'retry', delayMs };
}
