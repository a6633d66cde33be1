/**
 * The base of every error scout-acr throws. Modelled on Octokit's RequestError and Stripe's StripeError:
 * a stable machine-readable `code`, the HTTP `status` where one was involved, the upstream `requestId`
 * for support tickets, and whether retrying can help (`transient`).
 */
export interface ScoutAcrErrorOptions {
  /** Stable, machine-readable identifier such as `ResourceNotFound` or `Unauthorized`. */
  code: string;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number | undefined;
  /** Request id reported by the remote service (`x-ms-request-id`, `x-request-id`), for support. */
  requestId?: string | undefined;
  /** True when the same call may succeed later (throttling, 5xx, dropped connections). */
  transient?: boolean | undefined;
  /** Milliseconds the remote service asked us to wait before retrying (`Retry-After`). */
  retryAfterMs?: number | undefined;
  /** The underlying error. */
  cause?: unknown;
}

export class ScoutAcrError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ScoutAcrErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** A plain, secret-free view for logs and JSON output (the cause chain is summarised, not embedded). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      requestId: this.requestId,
      transient: this.transient,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** True for errors that a retry may cure. Unknown errors are treated as terminal. */
export function isTransientError(error: unknown): boolean {
  return error instanceof ScoutAcrError && error.transient;
}
