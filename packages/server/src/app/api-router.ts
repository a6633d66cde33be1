import type { IncomingMessage, ServerResponse } from 'node:http';
import { type OperationId, type RouteDef, routes } from '@scout-acr/sdk/client';
import { authenticateApiKey, type Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { checkCsrf, type SessionManager } from '../dashboard/index.js';
import { responseContentType } from '../findings/content-type.js';
import { forbidden, parseJsonBody, type Router, readBody, sendJson, unauthorized } from '../http/index.js';
import type { ApiHandler } from '../routes/api-handlers.js';
import { queryObject, validate } from './validate.js';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
) => Promise<void>;

const MAX_API_BODY = 256 * 1024;
const MAX_API_DEPTH = 32;

/**
 * The caller: an `Authorization: Bearer <key>` header decides alone when present; otherwise the dashboard's
 * session cookie, and then a write must also pass the CSRF check (the browser sends cookies on its own).
 */
async function authenticate(
  req: IncomingMessage,
  ctx: ServerContext,
  sessions: SessionManager | undefined,
): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined || !sessions) {
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    return key ? authenticateApiKey(ctx.store, key) : undefined;
  }
  const principal = await sessions.authenticateRequest(req);
  if (principal && req.method !== 'GET' && req.method !== 'HEAD') checkCsrf(req, ctx.publicUrl);
  return principal;
}

/**
 * Registers every contract route: bearer or session-cookie auth → role → zod-validated params, query and body →
 * handler → JSON response with the contract's status. The same table drives the OpenAPI document and the client.
 */
export function registerApiRoutes(
  router: Router<RouteHandler>,
  ctx: ServerContext,
  handlers: { [K in OperationId]: ApiHandler<K> },
  options: { sessions?: SessionManager | undefined } = {},
): void {
  for (const [operationId, def] of Object.entries(routes) as Array<[OperationId, RouteDef]>) {
    const handler = handlers[operationId] as ApiHandler<OperationId>;
    router.add(def.method, def.path, async (req, res, url, rawParams) => {
      let principal: Principal | undefined;
      try {
        principal = await authenticate(req, ctx, options.sessions);
      } catch (error) {
        req.resume();
        throw error;
      }
      if (!principal) {
        req.resume();
        throw unauthorized();
      }
      if (def.role === 'admin' && principal.role !== 'admin') {
        req.resume();
        throw forbidden();
      }
      const params = validate(def.params, rawParams, 'path');
      const query = validate(def.query, queryObject(url), 'query');
      let body: unknown;
      if (def.method !== 'GET' && def.method !== 'DELETE') {
        body = validate(def.body, parseJsonBody(await readBody(req, MAX_API_BODY), MAX_API_DEPTH), 'body');
      } else req.resume();
      const result = await handler(ctx, principal, { params, query, body });
      // A handler may ask for another JSON media type (SBOM downloads: CycloneDX, SPDX).
      const contentType = responseContentType(result);
      sendJson(res, def.status, result, contentType ? { 'content-type': contentType } : {});
    });
  }
}
