/** What route handlers receive and return; the server turns results into HTTP responses. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ManualValidations } from '../handshake/manual.js';
import type { OperationStore } from '../lro/operations.js';
import type { ArmModel } from '../state/model.js';

export interface RequestContext {
  method: string;
  /** Full request URL (https://host:port/path?query). */
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The emulator's internals that handlers act on. */
export interface EmulatorEnv {
  model: ArmModel;
  ops: OperationStore;
  manual: ManualValidations;
  /** 'https://127.0.0.1:PORT', known once the server listens. */
  baseUrl: () => string;
  lro: { retryAfterSeconds: number; synchronous: boolean };
  handshake: { timeoutMs: number; ca: string[] };
}

export type Handler = (ctx: RequestContext, env: EmulatorEnv) => Promise<HttpResult> | HttpResult;

export const API_VERSIONS = { cr: '2025-11-01', eg: '2025-02-15' } as const;
export type Provider = keyof typeof API_VERSIONS;

export interface Route {
  method: string;
  /** Path template in swagger form, e.g. '/subscriptions/{subscriptionId}/…'. */
  template: string;
  operationId: string | undefined;
  /** Which api-version the route requires; undefined for LRO status URLs (accepted with any). */
  provider: Provider | undefined;
  handler: Handler;
}

/** Reads a JSON object body or throws ARM's 400 via the caller. */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  return typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body)
    ? (ctx.body as Record<string, unknown>)
    : {};
}
