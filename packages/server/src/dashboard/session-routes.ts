import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { authenticateApiKey } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { badRequest, HttpError, parseJsonBody, readBody, sendJson, unauthorized } from '../http/index.js';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './cookie.js';
import { checkOrigin } from './csrf.js';
import { applySecurityHeaders } from './security-headers.js';
import type { SessionManager } from './sessions.js';
import type { FailureThrottle } from './throttle.js';

/** The sign-in body. Nothing else is accepted, so a typo cannot smuggle the key into another field. */
export const SignInRequest = z.strictObject({ apiKey: z.string().min(1).max(256) });

const MAX_SIGN_IN_BODY = 4096;

const secureCookies = (ctx: ServerContext) => ctx.publicUrl.startsWith('https:');
const remoteAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/**
 * `POST /dashboard/session` `{"apiKey": "…"}` → 200 `{org, role}` + the session cookie; a wrong key → the API's
 * 401; too many wrong keys from one address → 429 + Retry-After. The body must be JSON by its content type:
 * a cross-site page can only send that after a CORS preflight, which this server never grants.
 */
export function createSignIn(ctx: ServerContext, sessions: SessionManager, throttle: FailureThrottle) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applySecurityHeaders(res);
    const address = remoteAddress(req);
    try {
      checkOrigin(req, ctx.publicUrl);
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new HttpError(415, 'UnsupportedMediaType', 'sign in with a JSON body: content-type application/json');
      }
      const wait = throttle.retryAfterSeconds(address, ctx.now());
      if (wait > 0) {
        ctx.logger.warn({ remoteAddress: address }, 'dashboard sign-in throttled');
        throw new HttpError(429, 'TooManyRequests', `too many failed sign-ins; try again in ${wait} s`, {
          headers: { 'retry-after': String(wait) },
        });
      }
    } catch (error) {
      req.resume();
      throw error;
    }
    const parsed = SignInRequest.safeParse(parseJsonBody(await readBody(req, MAX_SIGN_IN_BODY), 4));
    if (!parsed.success) throw badRequest('the body must be {"apiKey": "<key>"}');
    const principal = await authenticateApiKey(ctx.store, parsed.data.apiKey);
    if (!principal) {
      throttle.fail(address, ctx.now());
      ctx.logger.info({ remoteAddress: address }, 'dashboard sign-in refused');
      throw unauthorized();
    }
    const token = await sessions.create(principal);
    ctx.logger.info({ keyId: principal.keyId, orgId: principal.orgId }, 'dashboard sign-in');
    sendJson(
      res,
      200,
      { org: principal.orgName, role: principal.role },
      { 'set-cookie': sessionCookie(token, sessions.maxAgeSeconds, secureCookies(ctx)) },
    );
  };
}

/** `DELETE /dashboard/session` → the session row deleted, the cookie cleared, 204 (also when already gone). */
export function createSignOut(ctx: ServerContext, sessions: SessionManager) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applySecurityHeaders(res);
    req.resume();
    checkOrigin(req, ctx.publicUrl);
    const token = readSessionToken(req.headers.cookie);
    if (token !== undefined) await sessions.end(token);
    res.writeHead(204, { 'set-cookie': clearedSessionCookie(secureCookies(ctx)), 'cache-control': 'no-store' });
    res.end();
  };
}
