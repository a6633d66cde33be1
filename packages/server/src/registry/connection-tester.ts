import type { ConnectionFailure, IntegrationStatus } from '@scout-acr/sdk/client';
import type { RegistryCredentials, RegistryGatewayFactory } from './gateway.js';

export type ConnectionTestResult =
  | { status: 'CONNECTED'; failure: null; reason: null }
  | { status: Exclude<IntegrationStatus, 'CONNECTED'>; failure: ConnectionFailure; reason: string };

/** Runs the connection test of an integration's credentials. */
export interface ConnectionTester {
  test(credentials: RegistryCredentials): Promise<ConnectionTestResult>;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Collects `code`s and messages along an error's cause chain (fetch wraps socket errors twice). */
function chain(error: unknown): { codes: string[]; text: string; status: number | undefined } {
  const codes: string[] = [];
  const texts: string[] = [];
  let status: number | undefined;
  let current: unknown = error;
  for (let i = 0; i < 6 && current; i++) {
    if (typeof current === 'object') {
      const e = current as { code?: unknown; message?: unknown; status?: unknown; cause?: unknown };
      if (typeof e.code === 'string') codes.push(e.code);
      if (typeof e.message === 'string') texts.push(e.message);
      if (status === undefined && typeof e.status === 'number') status = e.status;
      current = e.cause;
    } else break;
  }
  return { codes, text: texts.join(' | ').toLowerCase(), status };
}

/**
 * Turns a failed access check into a status and a human reason. Pure, so every branch is unit-tested.
 * Definite problems are `FAILED`; throttling and registry 5xx are `PENDING` (test again later).
 */
export function classifyConnectionError(error: unknown, loginServer: string): ConnectionTestResult {
  const { codes, text, status } = chain(error);
  const failed = (failure: ConnectionFailure, reason: string): ConnectionTestResult => ({
    status: 'FAILED',
    failure,
    reason,
  });
  if (codes.includes('TlsError') || codes.some((c) => TLS_CODES.has(c)) || /certificate|tls|ssl/.test(text)) {
    return failed('tls', `TLS handshake with ${loginServer} failed: the certificate is not trusted or does not match`);
  }
  if (
    status === undefined &&
    (codes.includes('RegistryUnavailable') ||
      codes.some((c) => UNREACHABLE_CODES.has(c)) ||
      /fetch failed|unreachable|timed? ?out|econnrefused/.test(text))
  ) {
    const socketCode = codes.find((c) => UNREACHABLE_CODES.has(c));
    return failed('unreachable', `${loginServer} is unreachable (${socketCode ?? 'network error'})`);
  }
  if (codes.includes('Denied')) {
    return failed(
      'no-catalog-right',
      'the token cannot list the catalog (its scope map lacks metadata read on all repositories)',
    );
  }
  if (/disabled/.test(text)) return failed('disabled-token', 'the registry token is disabled');
  if (/expired/.test(text)) return failed('expired-password', 'the token password has expired');
  if (/catalog/.test(text) && (status === 401 || status === 403)) {
    return failed(
      'no-catalog-right',
      'the token cannot list the catalog (its scope map lacks metadata read on all repositories)',
    );
  }
  if (/unknown token|no such token|token not found|no-token/.test(text)) {
    return failed('unknown-token', 'the registry has no token with this name');
  }
  if (status === 401) return failed('bad-password', 'the registry rejected the token name or password');
  if (status === 403) return failed('no-catalog-right', 'the token is not allowed to list the catalog');
  if (status === 429 || (status !== undefined && status >= 500)) {
    return {
      status: 'PENDING',
      failure: 'unknown',
      reason: `the registry answered ${status}; the test will be retried`,
    };
  }
  return failed('unknown', status ? `the registry answered ${status}` : 'the connection test failed');
}

/** The connection test over a `RegistryGateway`: token auth via `/oauth2/token`, `/v2/`, catalog. */
export class GatewayConnectionTester implements ConnectionTester {
  constructor(private readonly gateways: RegistryGatewayFactory) {}

  async test(credentials: RegistryCredentials): Promise<ConnectionTestResult> {
    try {
      await this.gateways(credentials).checkAccess();
      return { status: 'CONNECTED', failure: null, reason: null };
    } catch (error) {
      return classifyConnectionError(error, credentials.loginServer);
    }
  }
}
