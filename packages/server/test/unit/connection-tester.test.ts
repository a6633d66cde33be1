import { describe, expect, it } from 'vitest';
import { classifyConnectionError } from '../../src/registry/connection-tester.js';

const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe('classifyConnectionError', () => {
  it.each([
    ['bad password', err('authentication required', { status: 401, code: 'Unauthorized' }), 'FAILED', 'bad-password'],
    ['disabled token', err('the token is disabled', { status: 401, code: 'Unauthorized' }), 'FAILED', 'disabled-token'],
    ['expired password', err('password expired', { status: 401 }), 'FAILED', 'expired-password'],
    [
      'no catalog right',
      err('requested access to registry:catalog:* is denied', { status: 403, code: 'Denied' }),
      'FAILED',
      'no-catalog-right',
    ],
    [
      'TLS',
      err('fetch failed', { cause: err('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }),
      'FAILED',
      'tls',
    ],
    ['TLS (registry client)', err('TLS handshake failed', { code: 'TlsError' }), 'FAILED', 'tls'],
    [
      'unreachable',
      err('fetch failed', { cause: err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) }),
      'FAILED',
      'unreachable',
    ],
    ['unknown host', err('getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' }), 'FAILED', 'unreachable'],
    ['throttled', err('too many requests', { status: 429, code: 'RateLimited' }), 'PENDING', 'unknown'],
    ['registry 5xx', err('bad gateway', { status: 502 }), 'PENDING', 'unknown'],
  ])('%s', (_name, error, status, failure) => {
    const result = classifyConnectionError(error, 'reg.azurecr.io');
    expect(result).toMatchObject({ status, failure });
    expect(result.reason?.length).toBeGreaterThan(10);
  });
});
