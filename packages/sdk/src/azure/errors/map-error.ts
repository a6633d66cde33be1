/**
 * Turns whatever the Azure SDKs throw (RestError from either client generation, the LRO poller's plain Error,
 * @azure/identity's credential errors) into the typed errors of `./classes.ts`. Pure apart from reading the error.
 */

import { parseRetryAfter } from '../../http/index.js';
import type { OperationContext } from '../pipeline/operation-context.js';
import {
  type ArmErrorDetail,
  AzureAuthError,
  AzureConflictError,
  AzureError,
  type AzureErrorOptions,
  AzureInvalidRequestError,
  AzureNetworkError,
  AzureOperationFailedError,
  AzureParentResourceNotFoundError,
  AzureResourceGroupNotFoundError,
  AzureResourceNotFoundError,
  AzureServiceError,
  AzureThrottledError,
  WebhookHandshakeError,
} from './classes.js';
import { scrubText } from './redaction.js';

/** ARM's error object, as parsed from a response body. */
export interface ArmErrorBody {
  code?: string | undefined;
  message?: string | undefined;
  target?: string | undefined;
  details?: unknown;
}

interface HeadersLike {
  get(name: string): string | null | undefined;
}

/** The subset of a RestError the mapper reads (both SDK generations fit it). */
interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string | undefined;
  statusCode?: number | undefined;
  details?: unknown;
  response?: { status?: number; headers?: HeadersLike; bodyAsText?: string | null; parsedBody?: unknown } | undefined;
}

/** What the mapper knows about the call that failed. */
export interface MapErrorContext {
  /** Client operation name, e.g. `eventSubscriptions.createOrUpdate`. */
  operation: string;
  /** Values that must not appear in the resulting message (passwords, webhook URL fragments). */
  secrets?: Iterable<string>;
  /** What the pipeline recorded during the call (request id, LRO failure body). */
  captured?: OperationContext | undefined;
}

const HANDSHAKE_CODE = 'url validation';
const HANDSHAKE_TEXT = /validation handshake|url validation/i;
const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
]);

function asArmError(value: unknown): ArmErrorBody | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as { error?: unknown; code?: unknown; message?: unknown };
  if (record.error && typeof record.error === 'object') return asArmError(record.error);
  if (typeof record.code === 'string' || typeof record.message === 'string') return record as ArmErrorBody;
  return undefined;
}

function parseBody(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Finds ARM's `{error:{code,message,target,details}}` on a RestError, whichever SDK generation threw it. */
export function extractArmError(error: RestErrorLike): ArmErrorBody | undefined {
  return (
    asArmError(parseBody(error.response?.bodyAsText)) ??
    asArmError(error.details) ??
    asArmError(error.response?.parsedBody) ??
    undefined
  );
}

function scrubDetails(details: unknown, secrets: string[], depth = 0): ArmErrorDetail[] | undefined {
  if (!Array.isArray(details) || details.length === 0 || depth > 4) return undefined;
  return details
    .filter((d): d is Record<string, unknown> => Boolean(d) && typeof d === 'object')
    .map((d) => ({
      code: typeof d.code === 'string' ? d.code : 'Unknown',
      message: typeof d.message === 'string' ? scrubText(d.message, secrets) : '',
      target: typeof d.target === 'string' ? d.target : undefined,
      details: scrubDetails(d.details, secrets, depth + 1),
    }));
}

function anyCode(body: ArmErrorBody | undefined, test: (code: string) => boolean): boolean {
  if (!body) return false;
  if (typeof body.code === 'string' && test(body.code)) return true;
  return Array.isArray(body.details) && body.details.some((d) => anyCode(asArmError(d), test));
}

/** True when an ARM error body says Event Grid's webhook validation handshake failed. */
export function isHandshakeFailure(body: ArmErrorBody | undefined): boolean {
  if (!body) return false;
  return anyCode(body, (c) => c.toLowerCase() === HANDSHAKE_CODE) || HANDSHAKE_TEXT.test(body.message ?? '');
}

function fromStatus(status: number, text: string, options: AzureErrorOptions): AzureError {
  const narrowed = { ...options, transient: undefined };
  if (status === 404) {
    if (options.code === 'ResourceGroupNotFound') return new AzureResourceGroupNotFoundError(text, narrowed);
    if (options.code === 'ParentResourceNotFound') return new AzureParentResourceNotFoundError(text, narrowed);
    return new AzureResourceNotFoundError(text, narrowed);
  }
  if (status === 401 || status === 403) return new AzureAuthError(text, narrowed);
  if (status === 409) return new AzureConflictError(text, narrowed);
  if (status === 429) return new AzureThrottledError(text, narrowed);
  if (status === 503 && options.retryAfterMs !== undefined) return new AzureThrottledError(text, narrowed);
  if (status >= 500 || status === 408) return new AzureServiceError(text, narrowed);
  if (status >= 400) return new AzureInvalidRequestError(text, narrowed);
  return new AzureError(text, { ...options, transient: false });
}

/** Maps any error thrown by an Azure SDK call to a typed {@link AzureError}; AzureErrors pass through. */
export function mapAzureError(error: unknown, context: MapErrorContext): AzureError {
  if (error instanceof AzureError) return error;
  const secrets = [...(context.secrets ?? [])];
  const captured = context.captured;
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as RestErrorLike;
  const name = e.name ?? '';

  if (CREDENTIAL_ERRORS.has(name)) {
    return new AzureAuthError(scrubText(`Could not get an Azure access token: ${e.message ?? name}`, secrets), {
      code: name === 'CredentialUnavailableError' ? 'CredentialUnavailable' : 'AuthenticationFailed',
      operation: context.operation,
    });
  }
  if (name === 'AbortError') {
    return new AzureError('The operation was aborted', { code: 'Aborted', operation: context.operation });
  }

  // A long-running operation that ended Failed/Canceled: the poller's Error carries no body; the capture has it.
  if (name !== 'RestError' && captured?.lroFailure) {
    const { error: body, status, requestId } = captured.lroFailure;
    const options: AzureErrorOptions = {
      code: body?.code ?? `Operation${status}`,
      requestId: requestId ?? captured.lastRequestId,
      target: body?.target,
      details: scrubDetails(body?.details, secrets),
      operation: context.operation,
    };
    const text = scrubText(body?.message ?? `The long-running operation ended ${status}`, secrets);
    if (isHandshakeFailure(body)) return new WebhookHandshakeError(text, options);
    return new AzureOperationFailedError(text, { ...options, transient: false });
  }

  const headers = e.response?.headers;
  const status = e.statusCode ?? e.response?.status;
  const requestId =
    headers?.get('x-ms-request-id') ?? headers?.get('x-ms-correlation-request-id') ?? captured?.lastRequestId;
  const retryAfterMs = headers ? parseRetryAfter(headers) : undefined;

  if ((status === undefined || status <= 0) && name !== 'RestError' && e.code === undefined) {
    return new AzureError(scrubText(e.message ?? 'Unexpected error from the Azure SDK', secrets), {
      code: 'Unexpected',
      requestId: requestId ?? undefined,
      operation: context.operation,
    });
  }
  if (status === undefined || status <= 0) {
    const tls = /CERT|SSL|TLS|SELF_SIGNED/i.test(e.code ?? '');
    return new AzureNetworkError(
      scrubText(`Could not reach Azure: ${e.message ?? e.code ?? 'network error'}`, secrets),
      {
        code: e.code ?? 'NetworkError',
        requestId: requestId ?? undefined,
        operation: context.operation,
        transient: !tls,
      },
    );
  }

  const body = extractArmError(e);
  const options: AzureErrorOptions = {
    code: body?.code ?? e.code ?? `Http${status}`,
    status,
    requestId: requestId ?? undefined,
    retryAfterMs,
    target: body?.target,
    details: scrubDetails(body?.details, secrets),
    operation: context.operation,
  };
  if (isHandshakeFailure(body)) {
    return new WebhookHandshakeError(
      scrubText(body?.message ?? 'Webhook validation handshake failed', secrets),
      options,
    );
  }
  const text = scrubText(body?.message || e.message || `Azure returned HTTP ${status}`, secrets);
  return fromStatus(status, text, options);
}
