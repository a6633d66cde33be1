import { timingSafeEqual } from 'node:crypto';
import type { ArmState } from '../../arm/types.js';

/** Who presented credentials, and which scope-map actions they hold (`all` for the harness pusher). */
export type Identity = { ok: true; name: string; actions: string[] | 'all' } | { ok: false; reason: string };

/** The harness-only identity that pushes and deletes images (real ACR pushes use other credentials). */
export interface PushCredentials {
  username: string;
  password: string;
}

/** Decodes `Authorization: Basic …`; undefined when absent or malformed. */
export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Authenticates Basic credentials the way ACR does for repository-scoped tokens: the emulator's
 * `authenticateToken` decides (password, expiry, token status); the pusher is checked locally.
 */
export function authenticate(
  state: Pick<ArmState, 'authenticateToken'>,
  loginServer: string,
  pusher: PushCredentials,
  credentials: { username: string; password: string },
  now: Date,
): Identity {
  if (credentials.username === pusher.username) {
    return safeEqual(credentials.password, pusher.password)
      ? { ok: true, name: pusher.username, actions: 'all' }
      : { ok: false, reason: 'wrong-password' };
  }
  const result = state.authenticateToken({
    loginServer,
    tokenName: credentials.username,
    password: credentials.password,
    now,
  });
  return result.ok
    ? { ok: true, name: result.tokenName, actions: result.actions }
    : { ok: false, reason: result.reason };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** ACR-like wording for a refused identity; never echoes the password. */
export function refusalMessage(reason: string): string {
  switch (reason) {
    case 'disabled':
      return 'The token is disabled.';
    case 'expired':
      return 'The token password has expired.';
    case 'no-token':
    case 'wrong-password':
      return 'Invalid username or password.';
    case 'no-registry':
      return 'The registry is not known.';
    default:
      return 'authentication required, visit https://aka.ms/acr/authorization for more information.';
  }
}
