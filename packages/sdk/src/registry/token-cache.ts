import { scopeKey } from './scopes.js';

interface Entry {
  authorization: string;
  expiresAt: number;
}

/** Bearer tokens by scope set, each kept until shortly before it expires. */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  get(scopes: readonly string[]): string | undefined {
    const key = scopeKey(scopes);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.authorization;
  }

  set(scopes: readonly string[], authorization: string, expiresAt: number): void {
    this.entries.set(scopeKey(scopes), { authorization, expiresAt });
  }

  delete(scopes: readonly string[]): void {
    this.entries.delete(scopeKey(scopes));
  }

  /** Every cached token value, for scrubbing error texts. */
  *values(): Iterable<string> {
    for (const entry of this.entries.values()) yield entry.authorization.replace(/^Bearer /, '');
  }
}

/** Seconds of margin before a token's expiry at which it is no longer used. */
const EXPIRY_SKEW_MS = 30_000;
/** Lifetime assumed when neither `expires_in` nor a JWT `exp` says otherwise (the distribution spec's default). */
const DEFAULT_LIFETIME_MS = 60_000;

/**
 * When a token stops being usable: `expires_in` from the token response, else the JWT `exp` claim
 * (ACR returns only `access_token`, a JWT), else 60 s.
 */
export function tokenExpiry(token: string, expiresInSeconds: unknown, now: number): number {
  let lifetime = DEFAULT_LIFETIME_MS;
  if (typeof expiresInSeconds === 'number' && expiresInSeconds > 0) {
    lifetime = expiresInSeconds * 1000;
  } else {
    const exp = jwtExpiry(token);
    if (exp !== undefined) lifetime = exp * 1000 - now;
  }
  const margin = Math.min(EXPIRY_SKEW_MS, lifetime / 2);
  return now + lifetime - margin;
}

function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}
