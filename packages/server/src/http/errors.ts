import { ScoutAcrError } from '@scout-acr/sdk/errors';

/** An error with a definite HTTP answer. Its message is shown to the caller: never put secrets in it. */
export class HttpError extends ScoutAcrError {
  readonly details: Array<{ path: string; message: string }> | undefined;
  readonly headers: Record<string, string> | undefined;
  /** Extra top-level fields of the error body beside `error` (e.g. who holds a lease on a 409). */
  readonly body: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: {
      details?: Array<{ path: string; message: string }>;
      headers?: Record<string, string>;
      body?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { code, status, cause: extra.cause, transient: status === 429 || status >= 500 });
    this.details = extra.details;
    this.headers = extra.headers;
    this.body = extra.body;
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'NotFound', `${what} not found`);
export const unauthorized = () =>
  new HttpError(401, 'Unauthorized', 'a valid API key is required (Authorization: Bearer <key>)', {
    headers: { 'www-authenticate': 'Bearer' },
  });
export const forbidden = () => new HttpError(403, 'Forbidden', 'this operation needs an admin API key');
export const badRequest = (message: string, details?: Array<{ path: string; message: string }>) =>
  new HttpError(400, 'BadRequest', message, details ? { details } : {});
export const unavailable = (message: string, retryAfterSeconds = 5) =>
  new HttpError(503, 'Unavailable', message, { headers: { 'retry-after': String(retryAfterSeconds) } });
