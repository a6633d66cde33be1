import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/index.js';
import { applySecurityHeaders } from './security-headers.js';
import type { SessionManager } from './sessions.js';
import { assetPath, etagMatches, type StaticFiles } from './static-files.js';

/** The page routes: each answers `index.html`, and the UI routes on the path itself. */
export const PAGE_ROUTES = [
  '/',
  '/signin',
  '/integrations/{id}',
  '/integrations/{id}/repositories',
  '/integrations/{id}/images/{digest}',
] as const;

const notInstalled = () =>
  new HttpError(404, 'DashboardNotInstalled', 'the dashboard files are not installed (no web/index.html)');

/**
 * A page: `index.html`, never cached. With a valid session, a page naming an integration, or an image of it,
 * that the session's organization does not have answers the same page with status 404 (the UI shows "Not
 * found"), exactly as the API answers another organization's ids. Without a session: 200, the UI signs in.
 */
export function createPageHandler(
  ctx: ServerContext,
  sessions: SessionManager,
  files: StaticFiles,
  webDir: () => string | undefined,
) {
  return async (req: IncomingMessage, res: ServerResponse, _url: URL, params: Record<string, string>) => {
    applySecurityHeaders(res);
    req.resume();
    const dir = webDir();
    const page = dir === undefined ? undefined : await files.read(dir, ['index.html']);
    if (!page) throw notInstalled();
    let status = 200;
    if (params.id !== undefined) {
      const principal = await sessions.authenticateRequest(req);
      if (principal && !(await exists(ctx, principal.orgId, params.id, params.digest))) status = 404;
    }
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': page.body.length,
      'cache-control': 'no-store',
    });
    res.end(page.body);
  };
}

async function exists(ctx: ServerContext, orgId: string, integrationId: string, digest: string | undefined) {
  if (!(await ctx.store.getIntegration(orgId, integrationId))) return false;
  return digest === undefined || (await ctx.store.findImagesByDigest(integrationId, digest)).length > 0;
}

/**
 * `GET|HEAD /assets/<path>`, from the raw request path: the file with its content type, an ETag and
 * `cache-control: no-cache` (revalidate each time: 304 when unchanged). Anything that would leave
 * `web/assets` is 404, like a missing file.
 */
export function createAssetHandler(files: StaticFiles, webDir: () => string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> => {
    applySecurityHeaders(res);
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, 'MethodNotAllowed', 'method not allowed', { headers: { allow: 'GET, HEAD' } });
    }
    const segments = assetPath(rawPath);
    const dir = webDir();
    const file = segments && dir !== undefined ? await files.read(`${dir}/assets`, segments) : undefined;
    if (!file) throw new HttpError(404, 'NotFound', 'no such file');
    const headers = { etag: file.etag, 'cache-control': 'no-cache' };
    if (etagMatches(req.headers['if-none-match'], file.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': file.contentType, 'content-length': file.body.length });
    res.end(file.body);
  };
}
