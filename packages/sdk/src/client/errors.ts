import { ScoutAcrError } from '../errors/index.js';

/**
 * An error answer (or no answer) from the scout-acr server. `status`, `code` and `requestId` come from the
 * response (`{error:{code,message,requestId}}`); `details` names invalid fields. Messages are redacted of the
 * API key and of any secret the request carried.
 */
export class ScoutApiError extends ScoutAcrError {
  readonly details: Array<{ path: string; message: string }> | undefined;
  readonly operationId: string;

  constructor(
    message: string,
    options: {
      code: string;
      operationId: string;
      status?: number | undefined;
      requestId?: string | undefined;
      transient?: boolean;
      retryAfterMs?: number | undefined;
      details?: Array<{ path: string; message: string }> | undefined;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.details = options.details;
    this.operationId = options.operationId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operationId: this.operationId, details: this.details };
  }
}

/** Statuses worth retrying: throttling and temporary unavailability (the server stored nothing). */
export const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
