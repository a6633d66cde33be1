/**
 * Per-call context shared between an operation and the HTTP pipeline underneath it, through AsyncLocalStorage.
 *
 * Why: when a long-running operation fails, the Azure SDKs throw a plain `Error("The long-running operation has
 * failed")` that has lost the ARM error body (its `details`, e.g. Event Grid's `Url validation`) and the request
 * id. The capture policy records both from the responses as they pass, so the error mapper can still build a
 * precise, typed error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** ARM's error object as found in a failed operation-status or resource body. */
export interface CapturedArmError {
  code?: string | undefined;
  message?: string | undefined;
  target?: string | undefined;
  details?: unknown;
}

/** What the pipeline observed during one client operation. */
export interface OperationContext {
  /** Request id of the last response (`x-ms-request-id`, else the correlation id). */
  lastRequestId?: string | undefined;
  /** The error body of the last LRO status (or resource) that reported `Failed`/`Canceled`. */
  lroFailure?: { status: string; error: CapturedArmError | undefined; requestId: string | undefined } | undefined;
}

const storage = new AsyncLocalStorage<OperationContext>();

/** Runs `fn` with a fresh operation context; returns its result and the context. */
export function runInOperationContext<T>(context: OperationContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(context, fn);
}

/** The context of the operation in progress, if any. */
export function currentOperationContext(): OperationContext | undefined {
  return storage.getStore();
}

const FAILED_STATES = new Set(['failed', 'canceled', 'cancelled']);

/** Cheap pre-check so that ordinary GET bodies (lists, resources) are not parsed a second time. */
const MAYBE_FAILED = /"(?:status|provisioningState)"\s*:\s*"(?:failed|canceled|cancelled)"/i;

function parseJson(text: string | undefined): unknown {
  if (!text || text.length > 1_000_000 || !MAYBE_FAILED.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Finds a terminal failure in an operation-status body (`status`) or a resource body (`provisioningState`). */
export function findLroFailure(body: unknown): { status: string; error: CapturedArmError | undefined } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as { status?: unknown; error?: unknown; properties?: { provisioningState?: unknown } };
  const status =
    typeof record.status === 'string'
      ? record.status
      : typeof record.properties?.provisioningState === 'string'
        ? record.properties.provisioningState
        : undefined;
  if (status === undefined || !FAILED_STATES.has(status.toLowerCase())) return undefined;
  const error = record.error && typeof record.error === 'object' ? (record.error as CapturedArmError) : undefined;
  return { status, error };
}

/** Name of the pipeline policy installed by {@link operationCapturePolicy}. */
export const operationCapturePolicyName = 'scoutAcrOperationCapture';

/** A pipeline policy that records request ids and LRO failures into the current operation context. */
export function operationCapturePolicy(): PipelinePolicy {
  return {
    name: operationCapturePolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      const context = storage.getStore();
      if (context) {
        const requestId =
          response.headers.get('x-ms-request-id') ?? response.headers.get('x-ms-correlation-request-id') ?? undefined;
        context.lastRequestId = requestId;
        if (request.method === 'GET' && response.status === 200) {
          const failure = findLroFailure(parseJson(response.bodyAsText ?? undefined));
          if (failure) context.lroFailure = { ...failure, requestId };
        }
      }
      return response;
    },
  };
}
