import type { Dispatcher } from 'undici';
import type { RetryOptions } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import type { AnonymousCredentials, RegistryCredentials } from './credentials.js';

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /**
   * The registry's login server, e.g. `myreg.azurecr.io` or `127.0.0.1:5443` (HTTPS). A full
   * `https://…` or `http://…` URL is also accepted (plain HTTP only for local test registries).
   */
  loginServer: string;
  /** Token name and password (ACR), or `anonymous`. Omitted means anonymous. */
  credentials?: RegistryCredentials | AnonymousCredentials | undefined;
  /** PEM CA certificate(s) to trust instead of Node's default store (`NODE_EXTRA_CA_CERTS` also works). */
  tlsCa?: string | Buffer | undefined;
  /** Timeout for response headers and for every idle gap in a body stream. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /** A custom undici dispatcher (proxy agent, mock agent). Overrides `tlsCa`. */
  dispatcher?: Dispatcher | undefined;
  userAgent?: string | undefined;
  /**
   * Retries of transient failures (429 honouring `Retry-After`, 5xx, dropped connections) before a response
   * arrives; a body that fails mid-stream is not retried. Default: 2 retries. `{ maxRetries: 0 }` disables.
   */
  retry?: Omit<RetryOptions, 'signal'> | undefined;
  logger?: Logger | undefined;
  /** Clock, injectable for token-expiry tests. */
  now?: (() => number) | undefined;
}

/** Options accepted by every call. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface PageOptions extends CallOptions {
  /** Entries per page (`n`). Default 100. */
  pageSize?: number;
}
