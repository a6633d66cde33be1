import { type RetryOptions, withRetries } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import type { Authenticator } from './authenticator.js';
import { parseWwwAuthenticate, preferredChallenge } from './challenge.js';
import type { CallOptions } from './client-options.js';
import { readErrorBody } from './error-body.js';
import {
  RegistryDeniedError,
  RegistryNotFoundError,
  type RegistryNotFoundKind,
  RegistryProtocolError,
  RegistryUnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors.js';
import { requestIdOf, type Transport, type TransportResponse } from './transport.js';

/** One registry call: what to request, the token scopes it needs, and how to name a 404. */
export interface CallSpec {
  method: 'GET' | 'HEAD';
  url: string;
  scopes: string[];
  accept?: string;
  /** Human description for errors, e.g. `manifest app:1.0`. */
  what: string;
  notFound?: { kind: RegistryNotFoundKind; repository?: string; reference?: string } | undefined;
}

const NOT_FOUND_KIND_BY_CODE: Record<string, RegistryNotFoundKind> = {
  NAME_UNKNOWN: 'repository',
  MANIFEST_UNKNOWN: 'manifest',
  BLOB_UNKNOWN: 'blob',
};

/**
 * Sends authenticated registry calls and turns non-2xx answers into typed errors. A 401 is answered once
 * with fresh credentials for the challenged scope; a second 401 means the credentials work but do not grant
 * that scope (Denied) for Bearer, or are wrong (Unauthorized) for Basic.
 */
export class RegistryCaller {
  constructor(
    private readonly transport: Transport,
    private readonly auth: Authenticator,
    private readonly registry: string,
    private readonly logger: Logger,
    private readonly retry: Omit<RetryOptions, 'signal'> = { maxRetries: 2 },
  ) {}

  /** Returns the 2xx response with its body unread; transient failures are retried per the retry options. */
  call(spec: CallSpec, options: CallOptions): Promise<TransportResponse> {
    return withRetries(() => this.callOnce(spec, options), {
      ...this.retry,
      signal: options.signal,
      onRetry: (info) => {
        this.logger.debug({ what: spec.what, attempt: info.attempt, delayMs: info.delayMs }, 'retrying registry call');
        this.retry.onRetry?.(info);
      },
    });
  }

  private async callOnce(spec: CallSpec, options: CallOptions): Promise<TransportResponse> {
    const headers: Record<string, string> = spec.accept ? { accept: spec.accept } : {};
    let authorization = await this.auth.authorizationFor(spec.scopes, options.signal);
    for (let attempt = 0; ; attempt++) {
      const response = await this.transport.send({
        method: spec.method,
        url: spec.url,
        headers,
        authorization,
        signal: options.signal,
      });
      this.logger.debug(
        { method: spec.method, url: this.transport.safe(spec.url), status: response.status },
        'registry call',
      );
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status === 401 && attempt === 0) {
        response.body.resume();
        authorization = await this.auth.answer(response.header('www-authenticate'), spec.scopes, options.signal);
        continue;
      }
      throw await this.failure(spec, response);
    }
  }

  /** Maps an error raised while a body streams (reset, idle timeout) to a typed error; aborts pass through. */
  mapStreamError(error: unknown, url: string, signal?: AbortSignal): unknown {
    return this.transport.networkError(error, url, signal);
  }

  private async failure(spec: CallSpec, response: TransportResponse): Promise<Error> {
    const requestId = requestIdOf(response);
    const statusError = this.transport.statusError(response, spec.what);
    if (statusError) {
      response.body.resume();
      return statusError;
    }
    const errors = spec.method === 'HEAD' ? undefined : await readErrorBody(response.body);
    if (spec.method === 'HEAD') response.body.resume();
    const first = errors?.[0];
    const detail = first ? this.transport.safe([first.code, first.message].filter(Boolean).join(': ')) : undefined;
    const suffix = detail ? ` (${detail})` : '';
    if (response.status === 401 || response.status === 403) {
      if (response.status === 401 && this.auth.scheme !== 'bearer') {
        return new RegistryUnauthorizedError(
          `${this.registry} refused the credentials for ${spec.what}${suffix}`,
          this.registry,
          {
            requestId,
          },
        );
      }
      const challenged = preferredChallenge(parseWwwAuthenticate(response.header('www-authenticate')))?.params.scope;
      const scope = challenged ?? spec.scopes.join(' ');
      return new RegistryDeniedError(
        `${this.registry} denied ${spec.what}: the credentials do not grant ${scope || 'access'}${suffix}`,
        this.registry,
        scope,
        { status: response.status, requestId },
      );
    }
    if (response.status === 404) {
      const kind = (first?.code && NOT_FOUND_KIND_BY_CODE[first.code]) || spec.notFound?.kind || 'repository';
      return new RegistryNotFoundError(
        `${spec.what} not found on ${this.registry}${suffix}`,
        this.registry,
        {
          kind,
          ...(spec.notFound?.repository ? { repository: spec.notFound.repository } : {}),
          ...(spec.notFound?.reference ? { reference: spec.notFound.reference } : {}),
        },
        { requestId, cause: first?.code ? { code: first.code } : undefined },
      );
    }
    if (response.status === 406 || response.status === 415) {
      return new UnsupportedMediaTypeError(
        `${spec.what}: registry answered ${response.status}${suffix}`,
        this.registry,
        response.header('content-type'),
        {
          status: response.status,
          requestId,
        },
      );
    }
    return new RegistryProtocolError(`${spec.what}: registry answered ${response.status}${suffix}`, this.registry, {
      status: response.status,
      requestId,
    });
  }
}
