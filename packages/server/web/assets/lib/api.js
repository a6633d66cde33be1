// @ts-check
/**
 * The dashboard's only way to the server: `/v1` with the session cookie (never an API key) and
 * `/dashboard/session`. Writes carry the `x-scout-acr-csrf` header the server requires of cookie requests.
 */

/** A non-2xx answer (or no answer: status 0), with the API's stable error code. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {number | null} [retryAfter] seconds, from `Retry-After`
   */
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** @type {(() => void) | null} */
let unauthorizedHandler = null;

/** Called when a `/v1` request answers 401: the session ended (expired, signed out elsewhere, key revoked). */
export function onUnauthorized(/** @type {() => void} */ handler) {
  unauthorizedHandler = handler;
}

/**
 * @typedef {Record<string, string | number | boolean | undefined | null>} Query
 * @typedef {{ query?: Query, body?: unknown, signal?: AbortSignal }} RequestOptions
 */

/**
 * A same-origin URL with its query; values are encoded by URLSearchParams.
 * @param {string} path
 * @param {Query} [query]
 */
export function apiUrl(path, query) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function request(method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['x-scout-acr-csrf'] = '1';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NetworkError', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  /** @type {any} */
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const code = body?.error?.code ?? `Http${response.status}`;
    const message = body?.error?.message ?? `The server answered ${response.status}.`;
    const retry = Number(response.headers.get('retry-after'));
    if (response.status === 401 && path.startsWith('/v1/') && unauthorizedHandler) unauthorizedHandler();
    throw new ApiError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return body;
}

/**
 * @param {string} path
 * @param {Query} [query]
 * @param {AbortSignal} [signal]
 */
export function get(path, query, signal) {
  return request('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
}

/**
 * @param {string} path
 * @param {unknown} body
 */
export function post(path, body) {
  return request('POST', path, { body });
}

/**
 * Every item of a paginated route, in pages of 500. Cursors are opaque, so the pages of one list come one after
 * another; callers run several lists at once.
 * @template T
 * @param {string} path
 * @param {Query} [query]
 * @param {AbortSignal} [signal]
 * @returns {Promise<T[]>}
 */
export async function getAll(path, query = {}, signal) {
  /** @type {T[]} */
  const items = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    /** @type {{ items: T[], nextCursor: string | null }} */
    const page = await get(path, { ...query, limit: 500, cursor }, signal);
    for (const item of page.items) items.push(item);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** `/v1/integrations/{id}…` with the id encoded. @param {string} id @param {string} [rest] */
export function integrationPath(id, rest = '') {
  return `/v1/integrations/${encodeURIComponent(id)}${rest}`;
}
