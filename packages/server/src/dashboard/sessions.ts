import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { sha256 } from '../crypto/index.js';
import { readSessionToken } from './cookie.js';
import type { ResolvedDashboardOptions } from './options.js';

/** `lastSeenAt` is written at most this often, so reading pages does not mean a write per request. */
const TOUCH_INTERVAL_MS = 60_000;
/** Expired rows are deleted at sign-in and, between sign-ins, at most this often. */
const PURGE_INTERVAL_MS = 10 * 60_000;

const hashOf = (token: string) => sha256(token);

/**
 * Dashboard sessions. The token (32 random bytes, base64url) lives only in the browser's HttpOnly cookie; the
 * store keeps its sha256, the API key id, organization, role and times. Every request re-checks the absolute
 * end, the idle timeout and that the API key is still valid, so revoking a key ends its sessions at once.
 */
export class SessionManager {
  #lastPurge = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: ResolvedDashboardOptions,
  ) {}

  /** Cookie Max-Age: the absolute lifetime. */
  get maxAgeSeconds(): number {
    return Math.floor(this.options.sessionMaxAgeMs / 1000);
  }

  async create(principal: Principal): Promise<string> {
    const now = this.ctx.now();
    await this.#purge(now);
    const token = randomBytes(32).toString('base64url');
    await this.ctx.store.insertSession({
      tokenHash: hashOf(token),
      apiKeyId: principal.keyId,
      orgId: principal.orgId,
      role: principal.role,
      createdAt: now,
      expiresAt: now + this.options.sessionMaxAgeMs,
      lastSeenAt: now,
    });
    return token;
  }

  /** The principal of a session token; undefined (and the row deleted) when it ended for any reason. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const now = this.ctx.now();
    if (now - this.#lastPurge >= PURGE_INTERVAL_MS) await this.#purge(now);
    const hash = hashOf(token);
    const session = await this.ctx.store.getSession(hash);
    if (!session) return undefined;
    if (session.keyRevoked || now >= session.expiresAt || now >= session.lastSeenAt + this.options.sessionIdleMs) {
      await this.ctx.store.deleteSession(hash);
      return undefined;
    }
    if (now - session.lastSeenAt >= Math.min(TOUCH_INTERVAL_MS, this.options.sessionIdleMs / 10)) {
      await this.ctx.store.touchSession(hash, now);
    }
    return { orgId: session.orgId, orgName: session.orgName, role: session.role, keyId: session.apiKeyId };
  }

  /** The principal of the request's session cookie, if any. */
  async authenticateRequest(req: IncomingMessage): Promise<Principal | undefined> {
    const token = readSessionToken(req.headers.cookie);
    return token === undefined ? undefined : this.authenticate(token);
  }

  async end(token: string): Promise<void> {
    await this.ctx.store.deleteSession(hashOf(token));
  }

  async #purge(now: number): Promise<void> {
    this.#lastPurge = now;
    const purged = await this.ctx.store.purgeSessions(now, now - this.options.sessionIdleMs);
    if (purged > 0) this.ctx.logger.debug({ purged }, 'expired dashboard sessions deleted');
  }
}
