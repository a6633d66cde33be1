import type { ServerResponse } from 'node:http';

/**
 * Sent with every dashboard response. The CSP allows only this origin's own scripts, styles and fetches (no
 * inline script, no framing), so an injected string cannot run or exfiltrate anything.
 */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Set before anything can fail, so error answers carry them too (`writeHead` merges them). */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) res.setHeader(name, value);
}
