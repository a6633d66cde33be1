import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import {
  AzureAuthError,
  AzureConflictError,
  AzureError,
  AzureInvalidRequestError,
  AzureNetworkError,
  AzureOperationFailedError,
  AzureParentResourceNotFoundError,
  AzureResourceGroupNotFoundError,
  AzureResourceNotFoundError,
  AzureServiceError,
  AzureThrottledError,
  mapAzureError,
  WebhookHandshakeError,
} from '../../src/azure/index.js';
import { ScoutAcrError } from '../../src/errors/index.js';

const request = createPipelineRequest({ url: 'https://management.azure.com/x' });

/** A RestError as the classic (core-client) Event Grid client throws it: raw body text on the response. */
function classicError(status: number, body: unknown, headers: Record<string, string> = {}): RestError {
  const response = {
    status,
    headers: createHttpHeaders({ 'x-ms-request-id': 'req-123', ...headers }),
    request,
    bodyAsText: typeof body === 'string' ? body : JSON.stringify(body),
  };
  const code = (body as { error?: { code?: string } })?.error?.code;
  return new RestError('ignored', { statusCode: status, code, request, response });
}

/** A RestError as the modular ACR client throws it: no body text, the parsed body in `details`. */
function modularError(status: number, body: unknown): RestError {
  const error = new RestError((body as { error: { message: string } }).error.message, {
    statusCode: status,
    code: (body as { error: { code: string } }).error.code,
    request,
    response: { status, headers: createHttpHeaders({ 'x-ms-correlation-request-id': 'corr-9' }), request },
  });
  error.details = body;
  return error;
}

const map = (error: unknown, extra: Partial<Parameters<typeof mapAzureError>[1]> = {}) =>
  mapAzureError(error, { operation: 'tokens.get', ...extra });

describe('mapAzureError', () => {
  it('distinguishes the three not-found kinds and keeps the request id', () => {
    const resource = map(
      classicError(404, { error: { code: 'ResourceNotFound', message: 'The Resource x was not found.' } }),
    );
    const parent = map(classicError(404, { error: { code: 'ParentResourceNotFound', message: 'parent gone' } }));
    const group = map(
      classicError(404, {
        error: { code: 'ResourceGroupNotFound', message: "Resource group 'rg' could not be found." },
      }),
    );
    expect(resource).toBeInstanceOf(AzureResourceNotFoundError);
    expect(resource).not.toBeInstanceOf(AzureParentResourceNotFoundError);
    expect((resource as AzureResourceNotFoundError).kind).toBe('resource');
    expect(parent).toBeInstanceOf(AzureParentResourceNotFoundError);
    expect((parent as AzureResourceNotFoundError).kind).toBe('parent');
    expect(group).toBeInstanceOf(AzureResourceGroupNotFoundError);
    expect((group as AzureResourceNotFoundError).kind).toBe('resourceGroup');
    for (const e of [resource, parent, group]) {
      expect(e).toBeInstanceOf(ScoutAcrError);
      expect(e.requestId).toBe('req-123');
      expect(e.status).toBe(404);
      expect(e.transient).toBe(false);
      expect(e.operation).toBe('tokens.get');
    }
    expect(group.code).toBe('ResourceGroupNotFound');
    expect(group.message).toBe("Resource group 'rg' could not be found.");
  });

  it('reads the body from `details` (modular client) and falls back to the correlation id', () => {
    const e = map(modularError(400, { error: { code: 'InvalidRequest', message: 'bad name', target: 'name' } }));
    expect(e).toBeInstanceOf(AzureInvalidRequestError);
    expect(e.code).toBe('InvalidRequest');
    expect(e.target).toBe('name');
    expect(e.requestId).toBe('corr-9');
    expect(e.transient).toBe(false);
  });

  it('keeps ARM details, code, message and target of invalid requests', () => {
    const e = map(
      classicError(400, {
        error: {
          code: 'InvalidParameter',
          message: 'Token name is invalid',
          target: 'tokenName',
          details: [{ code: 'PatternMismatch', message: 'must match ^[a-zA-Z0-9-]{5,50}$', target: 'tokenName' }],
        },
      }),
    );
    expect(e).toBeInstanceOf(AzureInvalidRequestError);
    expect(e.details).toEqual([
      { code: 'PatternMismatch', message: 'must match ^[a-zA-Z0-9-]{5,50}$', target: 'tokenName', details: undefined },
    ]);
    expect(e.toJSON()).toMatchObject({ code: 'InvalidParameter', target: 'tokenName', requestId: 'req-123' });
  });

  it('maps 401/403 to AzureAuthError, 409 to a transient conflict, 5xx to a transient service error', () => {
    expect(map(classicError(401, { error: { code: 'InvalidAuthenticationToken', message: 'no' } }))).toBeInstanceOf(
      AzureAuthError,
    );
    const forbidden = map(classicError(403, { error: { code: 'AuthorizationFailed', message: 'no rights' } }));
    expect(forbidden).toBeInstanceOf(AzureAuthError);
    expect(forbidden.transient).toBe(false);
    const conflict = map(classicError(409, { error: { code: 'Conflict', message: 'busy' } }));
    expect(conflict).toBeInstanceOf(AzureConflictError);
    expect(conflict.transient).toBe(true);
    const server = map(classicError(500, 'upstream exploded'));
    expect(server).toBeInstanceOf(AzureServiceError);
    expect(server.transient).toBe(true);
    expect(server.code).toBe('Http500');
  });

  it('maps 429 to AzureThrottledError with retryAfterMs from Retry-After', () => {
    const e = map(
      classicError(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '7' }),
    );
    expect(e).toBeInstanceOf(AzureThrottledError);
    expect(e.retryAfterMs).toBe(7000);
    expect(e.transient).toBe(true);
  });

  it('maps a connection failure to a transient AzureNetworkError and a TLS failure to a terminal one', () => {
    const reset = map(new RestError('socket hang up', { code: 'ECONNRESET', request }));
    expect(reset).toBeInstanceOf(AzureNetworkError);
    expect(reset.transient).toBe(true);
    const tls = map(new RestError('self-signed certificate', { code: 'SELF_SIGNED_CERT_IN_CHAIN', request }));
    expect(tls).toBeInstanceOf(AzureNetworkError);
    expect(tls.transient).toBe(false);
  });

  it('maps an LRO failure with `Url validation` (code or details) to WebhookHandshakeError', () => {
    const lroError = new Error('The long-running operation has failed');
    const viaDetails = map(lroError, {
      captured: {
        lroFailure: {
          status: 'Failed',
          requestId: 'poll-1',
          error: {
            code: 'Failed',
            message: 'Webhook validation handshake failed for https://hooks.example.com/eg.',
            details: [{ code: 'Url validation', message: 'Http POST request failed with response code 403' }],
          },
        },
      },
    });
    expect(viaDetails).toBeInstanceOf(WebhookHandshakeError);
    expect(viaDetails.requestId).toBe('poll-1');
    expect(viaDetails.transient).toBe(false);
    const viaCode = map(lroError, {
      captured: {
        lroFailure: { status: 'Failed', requestId: undefined, error: { code: 'Url validation', message: 'x' } },
      },
    });
    expect(viaCode).toBeInstanceOf(WebhookHandshakeError);
  });

  it('maps other LRO failures to AzureOperationFailedError', () => {
    const e = map(new Error('The long-running operation has failed'), {
      captured: { lroFailure: { status: 'Canceled', requestId: 'r', error: undefined } },
    });
    expect(e).toBeInstanceOf(AzureOperationFailedError);
    expect(e.code).toBe('OperationCanceled');
  });

  it('maps credential errors to AzureAuthError', () => {
    const err = Object.assign(new Error('no credential found'), { name: 'CredentialUnavailableError' });
    const e = map(err);
    expect(e).toBeInstanceOf(AzureAuthError);
    expect(e.code).toBe('CredentialUnavailable');
  });

  it('never lets a secret through: known values and URL query strings are scrubbed', () => {
    const url = 'https://scout.example.com/api/events/webhook?code=s3cr3t-webhook-value';
    const e = map(
      classicError(400, {
        error: {
          code: 'InvalidRequest',
          message: `Webhook validation handshake failed for ${url} with password p4ssw0rd-value-123`,
          details: [{ code: 'X', message: `echo ${url}` }],
        },
      }),
      { secrets: ['p4ssw0rd-value-123'] },
    );
    const rendered = `${e.message} ${JSON.stringify(e)} ${JSON.stringify(e.details)}`;
    expect(rendered).not.toContain('s3cr3t-webhook-value');
    expect(rendered).not.toContain('p4ssw0rd-value-123');
    expect(e.message).toContain('https://scout.example.com/api/events/webhook?(sensitive)');
    expect(e.cause).toBeUndefined();
  });

  it('passes AzureErrors through unchanged', () => {
    const original = new AzureError('x', { code: 'Y' });
    expect(map(original)).toBe(original);
  });
});
