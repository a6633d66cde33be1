import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/index.js';

/** The header the dashboard's scripts add to every write; a cross-site form or image request cannot set it. */
export const CSRF_HEADER = 'x-scout-acr-csrf';

const rejected = (message: string) => new HttpError(403, 'CsrfRejected', message);

/**
 * When the request names an `Origin`, it must be this server's own: `http(s)://<Host>`, or the origin of the
 * public URL (a proxy may rewrite `Host`). `Origin: null` (sandboxed frames, some redirects) is refused.
 */
export function checkOrigin(req: IncomingMessage, publicUrl: string): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = req.headers.host;
  const allowed = new Set<string>();
  if (host) for (const scheme of ['http', 'https']) allowed.add(`${scheme}://${host}`.toLowerCase());
  try {
    allowed.add(new URL(publicUrl).origin.toLowerCase());
  } catch {
    // no usable public URL: only Host counts
  }
  if (!allowed.has(origin.toLowerCase())) {
    throw rejected(`the request's Origin is not this server's (${host ?? 'no Host header'})`);
  }
}

/** A write authenticated by the session cookie must carry `x-scout-acr-csrf: 1` and, if any, our own Origin. */
export function checkCsrf(req: IncomingMessage, publicUrl: string): void {
  if (req.headers[CSRF_HEADER] !== '1') {
    throw rejected(`a request authenticated by the session cookie must send the header ${CSRF_HEADER}: 1`);
  }
  checkOrigin(req, publicUrl);
}
