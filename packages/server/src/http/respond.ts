import type { ServerResponse } from 'node:http';
import { HttpError } from './errors.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Writes the API error body. Unknown errors become a 500 with no detail (the log has it). */
export function sendError(res: ServerResponse, error: unknown, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const http =
    error instanceof HttpError ? error : new HttpError(500, 'InternalError', 'internal error; see the server log');
  sendJson(
    res,
    http.status ?? 500,
    {
      ...http.body,
      error: {
        code: http.code,
        message: http.message,
        requestId,
        ...(http.details ? { details: http.details } : {}),
      },
    },
    http.headers ?? {},
  );
}
