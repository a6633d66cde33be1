import { isRecord } from './arm-rules.js';
import type { FidelityError, RecordedExchange } from './types.js';

/**
 * ARM long-running-operation polls. Their URLs (`Azure-AsyncOperation`, `Location`) are not operations of any
 * swagger, so oav cannot match them; they follow ARM's async-operation contract instead:
 * - an `Azure-AsyncOperation` URL answers 200 with `{"status": …}`; `Succeeded`, `Failed`, `Canceled` are
 *   terminal, and a `Failed`/`Canceled` status carries `error {code, message}`;
 * - a `Location` URL answers 202 while running and 200/204 when done, the 200 body being the operation's own
 *   final result (validated against that operation's swagger response by the caller).
 */
export type LroHeaderKind = 'azure-asyncoperation' | 'location';

/** The operation whose response advertised a poll URL. */
export interface LroOrigin {
  kind: LroHeaderKind;
  method: string;
  url: string;
  operationId: string | undefined;
}

const POLL_PATH = /\/(operationStatuses|operationsStatus|operationStatus|operationResults|asyncOperations)\//i;

/** Remembers the poll URLs that operations advertised, so a poll is tied to the operation it tracks. */
export class LroTracker {
  readonly #origins = new Map<string, LroOrigin>();

  /** Records the LRO headers of an operation's response (any 2xx may carry them). */
  remember(exchange: RecordedExchange, operationId: string | undefined): void {
    const { statusCode, headers } = exchange.response;
    if (statusCode < 200 || statusCode >= 300) return;
    for (const [name, value] of Object.entries(headers)) {
      const kind = name.toLowerCase();
      if (kind !== 'azure-asyncoperation' && kind !== 'location') continue;
      const key = pollKey(value);
      if (key === undefined) continue;
      this.#origins.set(key, { kind, method: exchange.request.method, url: exchange.request.url, operationId });
    }
  }

  /** The operation that advertised this URL, if any. */
  originOf(url: string): LroOrigin | undefined {
    const key = pollKey(url);
    return key === undefined ? undefined : this.#origins.get(key);
  }

  /** True when the request polls a URL an operation advertised, or has the shape of an ARM status URL. */
  isPoll(exchange: RecordedExchange): boolean {
    if (exchange.request.method.toUpperCase() !== 'GET') return false;
    return this.originOf(exchange.request.url) !== undefined || POLL_PATH.test(pathOf(exchange.request.url));
  }
}

/**
 * Checks a poll against ARM's contract. `kind` comes from the advertising operation; an unknown poll URL of
 * the status shape is judged by its answer (a body with `status` is an async-operation status).
 */
export function pollErrors(exchange: RecordedExchange, kind: LroHeaderKind | undefined): FidelityError[] {
  const { statusCode, body } = exchange.response;
  if (statusCode >= 400) return []; // error bodies are checked by the ARM error-shape rule
  const looksLikeStatus = isRecord(body) && 'status' in body;
  if (kind === 'azure-asyncoperation' || (kind === undefined && (statusCode !== 202 || looksLikeStatus))) {
    return asyncOperationStatusErrors(statusCode, body);
  }
  if (statusCode === 200 || statusCode === 202 || statusCode === 204) return [];
  return [
    {
      code: 'LRO_POLL_STATUS_CODE',
      message: `a Location poll answers 202 (running) or 200/204 (done), got ${statusCode}`,
      path: 'response/statusCode',
    },
  ];
}

const TERMINAL_FAILURE = new Set(['failed', 'canceled']);

function asyncOperationStatusErrors(statusCode: number, body: unknown): FidelityError[] {
  const errors: FidelityError[] = [];
  if (statusCode !== 200) {
    errors.push({
      code: 'LRO_POLL_STATUS_CODE',
      message: `an Azure-AsyncOperation poll answers 200, got ${statusCode}`,
      path: 'response/statusCode',
    });
  }
  const status = isRecord(body) ? body.status : undefined;
  if (typeof status !== 'string' || status === '') {
    errors.push({
      code: 'LRO_POLL_BODY',
      message: 'the status body needs a string `status`',
      path: 'response/body/status',
    });
    return errors;
  }
  if (TERMINAL_FAILURE.has(status.toLowerCase())) {
    const error = isRecord(body) ? body.error : undefined;
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
      errors.push({
        code: 'LRO_POLL_BODY',
        message: `a ${status} status needs error {code, message}`,
        path: 'response/body/error',
      });
    }
  }
  return errors;
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'https://management.azure.com').pathname;
  } catch {
    return url;
  }
}

/** Host-independent identity of a poll URL: the emulator advertises its own host, clients may rewrite it. */
function pollKey(url: string): string | undefined {
  try {
    const parsed = new URL(url, 'https://management.azure.com');
    return `${parsed.pathname.toLowerCase()}${parsed.search}`;
  } catch {
    return undefined;
  }
}
