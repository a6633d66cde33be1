import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';
import { parseRetryAfter } from '../http/index.js';
import { redactText, redactUrl } from '../secret/index.js';
import {
  RegistryError,
  RegistryProtocolError,
  RegistryRateLimitedError,
  RegistryTlsError,
  RegistryUnavailableError,
} from './errors.js';

/** Node/OpenSSL error codes that mean "the TLS handshake failed", not "the network is down". */
const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const MAX_REDIRECTS = 5;

export interface TransportOptions {
  /** Login server the errors name, e.g. `myreg.azurecr.io`. */
  registry: string;
  dispatcher: Dispatcher;
  /** Per-request timeout for the response headers and for each idle gap while streaming a body. */
  timeoutMs: number;
  userAgent: string;
  /** Values to scrub from any text that ends up in an error (password, bearer tokens). */
  secrets: () => Iterable<string>;
}

export interface TransportRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** Sent only to the origin of `url`; dropped when a redirect leaves it (e.g. to blob storage). */
  authorization?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that finally answered, after redirects. */
  url: string;
  body: Readable;
  header(name: string): string | undefined;
}

/** Creates the undici dispatcher for a registry: a private CA when given, otherwise Node's trust store. */
export function createDispatcher(tlsCa: string | Buffer | undefined): Dispatcher {
  return new Agent({ connect: tlsCa === undefined ? {} : { ca: tlsCa }, keepAliveTimeout: 10_000 });
}

/** HTTP for the registry client: manual redirects, network errors mapped to typed, secret-free errors. */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  async send(req: TransportRequest): Promise<TransportResponse> {
    let url = req.url;
    const origin = new URL(req.url).origin;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...req.headers };
      // Cross-origin redirects go to blob storage with their own (SAS) credentials: never forward ours.
      if (req.authorization && new URL(url).origin === origin) headers.authorization = req.authorization;
      const response = await this.dispatch(req.method, url, headers, req.signal);
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(response.statusCode) && typeof location === 'string') {
        response.body.resume();
        if (hop >= MAX_REDIRECTS) {
          throw new RegistryProtocolError(`too many redirects from ${this.safe(req.url)}`, this.options.registry);
        }
        url = new URL(location, url).toString();
        continue;
      }
      return {
        status: response.statusCode,
        headers: response.headers,
        url,
        body: response.body,
        header: (name) => firstHeader(response.headers, name),
      };
    }
  }

  private async dispatch(
    method: string,
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        dispatcher: this.options.dispatcher,
        signal: signal ?? null,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (error) {
      throw this.networkError(error, url, signal);
    }
  }

  /** Maps an undici/Node error to a typed registry error. Aborts by the caller are rethrown unchanged. */
  networkError(error: unknown, url: string, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    if (error instanceof RegistryError) return error;
    if (error instanceof BodyTooLargeError) {
      return new RegistryProtocolError(`${this.safe(url)}: ${error.message}`, this.options.registry);
    }
    const code = errorCode(error);
    const where = this.safe(url);
    if (code && TLS_ERROR_CODES.has(code)) {
      return new RegistryTlsError(`TLS handshake with ${where} failed (${code})`, this.options.registry, code, {
        cause: error,
      });
    }
    const message = error instanceof Error ? this.safe(error.message) : 'unknown error';
    return new RegistryUnavailableError(`request to ${where} failed: ${code ?? message}`, this.options.registry, {
      cause: error,
    });
  }

  /** Maps a 429/5xx answer to a typed transient error; returns undefined for other statuses. */
  statusError(response: TransportResponse, what: string): RegistryError | undefined {
    const requestId = requestIdOf(response);
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter({ get: (name) => response.header(name) });
      return new RegistryRateLimitedError(`${what}: registry is throttling requests (429)`, this.options.registry, {
        retryAfterMs,
        requestId,
      });
    }
    if (response.status >= 500) {
      return new RegistryUnavailableError(`${what}: registry answered ${response.status}`, this.options.registry, {
        status: response.status,
        requestId,
        retryAfterMs: parseRetryAfter({ get: (name) => response.header(name) }),
      });
    }
    return undefined;
  }

  /** Text safe for errors: secret values and secret-looking query parameters removed. */
  safe(text: string): string {
    return redactUrl(redactText(text, this.options.secrets()));
  }
}

export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function requestIdOf(response: TransportResponse): string | undefined {
  return (
    response.header('x-ms-request-id') ??
    response.header('x-request-id') ??
    response.header('x-ms-correlation-request-id')
  );
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_CONNECT') {
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return (error as { code?: string } | undefined)?.code;
}

/** A manifest, config or listing larger than the client accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body exceeds ${limit} bytes`);
  }
}

/** Reads a (small) body completely, refusing more than `limit` bytes. */
export async function readBody(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
