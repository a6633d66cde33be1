import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import type { Router } from '../http/index.js';
import { type DashboardOptions, resolveDashboardOptions } from './options.js';
import { createAssetHandler, createPageHandler, PAGE_ROUTES } from './pages.js';
import { createSignIn, createSignOut } from './session-routes.js';
import { SessionManager } from './sessions.js';
import { StaticFiles } from './static-files.js';
import { FailureThrottle } from './throttle.js';
import { locateWebDir } from './web-dir.js';

export { CSRF_HEADER, checkCsrf } from './csrf.js';
export { type DashboardOptions, resolveDashboardOptions } from './options.js';
export { SessionManager } from './sessions.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>) => Promise<void>;

export interface Dashboard {
  sessions: SessionManager;
  /** Adds the page routes and `/dashboard/session` to the router. */
  register(router: Router<Handler>): void;
  /** True for a request target under `/assets/`, which `serveAsset` answers (the router has no wildcards). */
  isAsset(rawPath: string): boolean;
  serveAsset(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void>;
}

/** The web dashboard: sign-in sessions, its pages and static files. `/v1` takes its session cookie too. */
export function createDashboard(ctx: ServerContext, input: DashboardOptions = {}): Dashboard {
  const options = resolveDashboardOptions(input);
  const sessions = new SessionManager(ctx, options);
  const throttle = new FailureThrottle(options.signInFailuresPerMinute);
  const files = new StaticFiles();
  // Found at start; looked for again while missing, so a UI built after the server started is still served.
  let webDir = options.webDir ?? locateWebDir();
  const currentWebDir = () => {
    webDir ??= locateWebDir();
    return webDir;
  };
  if (webDir === undefined) ctx.logger.debug('dashboard files not found (web/index.html); pages answer 404');
  const page = createPageHandler(ctx, sessions, files, currentWebDir);
  const asset = createAssetHandler(files, currentWebDir);
  return {
    sessions,
    register(router) {
      for (const path of PAGE_ROUTES) for (const method of ['GET', 'HEAD']) router.add(method, path, page);
      router.add('POST', '/dashboard/session', createSignIn(ctx, sessions, throttle));
      router.add('DELETE', '/dashboard/session', createSignOut(ctx, sessions));
    },
    isAsset: (rawPath) => rawPath.startsWith('/assets/'),
    serveAsset: asset,
  };
}
