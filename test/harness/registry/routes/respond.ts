import type { ServerResponse } from 'node:http';

/** A registry error body (distribution's and ACR's shape). */
export function sendErrors(
  res: ServerResponse,
  status: number,
  errors: Array<{ code: string; message: string; detail?: unknown }>,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'docker-distribution-api-version': 'registry/2.0',
    ...headers,
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
