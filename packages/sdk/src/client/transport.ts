import type { z } from 'zod';
import { parseRetryAfter, type RetryOptions, withRetries } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import { silentLogger } from '../logging/index.js';
import { redactText, Secret } from '../secret/index.js';
import { ApiErrorBody } from './contract/common.js';
import { type OperationId, type ResponseOf, type RouteDef, routes } from './contract/routes.js';
import { RETRYABLE_STATUSES, ScoutApiError } from './errors.js';

export interface ScoutClientOptions {
  /** The server's base URL, e.g. `http://localhost:8080` (from `SCOUT_ACR_SERVER`). */
  baseUrl: string;
  /** An API key (`sacr_…`), e.g. from `SCOUT_ACR_API_KEY`. Kept wrapped; never logged. */
  apiKey: string | Secret;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries of 429/502/503/504 (honouring Retry-After) and, for GETs, dropped connections. */
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>;
  /** Injectable fetch (tests, proxies). Default: global fetch. */
  fetch?: typeof fetch;
  logger?: Logger;
  userAgent?: string;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined;
}

export interface OperationInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Strings in a request body that must not reach an error message or a log (passwords). */
function secretsIn(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([k, v]) => /password|secret|key|token/i.test(k) && typeof v === 'string' && !/^[a-z]+Name$/.test(k))
    .map(([, v]) => v as string);
}

/** Sends one contract operation: URL from the route table, bearer auth, retries, timeout, typed errors. */
export class Transport {
  readonly #apiKey: Secret;
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #logger: Logger;
  /** The options without the API key (which lives only in `#apiKey`, as a Secret). */
  readonly #options: Omit<ScoutClientOptions, 'apiKey'>;

  constructor({ apiKey, ...options }: ScoutClientOptions) {
    this.#apiKey = Secret.from(apiKey);
    this.#options = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? fetch;
    this.#logger = options.logger ?? silentLogger;
  }

  url(def: RouteDef, input: OperationInput): string {
    const path = def.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new TypeError(`${def.operationId}: missing path parameter ${name}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    return `${this.#base}${path}${qs ? `?${qs}` : ''}`;
  }

  async send<K extends OperationId>(
    operationId: K,
    input: OperationInput,
    options: RequestOptions = {},
  ): Promise<ResponseOf<K>> {
    const def = routes[operationId] as RouteDef;
    const url = this.url(def, input);
    const secrets = [this.#apiKey.reveal(), ...secretsIn(input.body)];
    const idempotent = def.method === 'GET';
    return withRetries(
      async (attempt) => {
        const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#options.timeoutMs ?? 30_000);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        let response: Response;
        try {
          response = await this.#fetch(url, {
            method: def.method,
            headers: {
              authorization: `Bearer ${this.#apiKey.reveal()}`,
              accept: 'application/json',
              'user-agent': this.#options.userAgent ?? 'scout-acr-sdk',
              ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            body: input.body === undefined ? undefined : JSON.stringify(input.body),
            signal,
          });
        } catch (cause) {
          options.signal?.throwIfAborted();
          const timedOut = timeout.aborted;
          throw new ScoutApiError(
            timedOut
              ? `${operationId} timed out`
              : `${operationId}: ${redactText(String((cause as Error)?.message ?? cause), secrets)}`,
            { code: timedOut ? 'Timeout' : 'NetworkError', operationId, transient: idempotent },
          );
        }
        const requestId = response.headers.get('x-request-id') ?? undefined;
        const text = await response.text();
        if (response.status !== def.status) {
          let parsed: ApiErrorBody | undefined;
          try {
            const result = ApiErrorBody.safeParse(JSON.parse(text));
            if (result.success) parsed = result.data;
          } catch {}
          this.#logger.debug({ operationId, status: response.status, requestId, attempt }, 'scout-acr API error');
          throw new ScoutApiError(redactText(parsed?.error.message ?? `HTTP ${response.status}`, secrets), {
            code: parsed?.error.code ?? `Http${response.status}`,
            operationId,
            status: response.status,
            requestId: parsed?.error.requestId ?? requestId,
            transient: RETRYABLE_STATUSES.has(response.status),
            retryAfterMs: parseRetryAfter(response.headers),
            details: parsed?.error.details,
          });
        }
        return parseResponse(def.response, text, operationId, requestId);
      },
      { ...this.#options.retry, signal: options.signal },
    ) as Promise<ResponseOf<K>>;
  }
}

function parseResponse(schema: z.ZodType, text: string, operationId: string, requestId: string | undefined): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ScoutApiError(`${operationId}: the response is not JSON`, {
      code: 'InvalidResponse',
      operationId,
      requestId,
      cause,
    });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ScoutApiError(`${operationId}: the response does not match the API contract`, {
      code: 'InvalidResponse',
      operationId,
      requestId,
      details: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return result.data;
}
