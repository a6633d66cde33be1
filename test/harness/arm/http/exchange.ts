/** Low-level request/response plumbing: body reading, ARM's standard headers, JSON rendering. */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON body; `undefined` for an empty one; throws SyntaxError for malformed JSON. */
export function parseJson(text: string): unknown {
  return text.trim() === '' ? undefined : JSON.parse(text);
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** `x-ms-request-id` and `x-ms-correlation-request-id` on every response, as ARM sends them. */
export function armIdentityHeaders(request: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': request['x-ms-correlation-request-id'] ?? randomUUID(),
  };
  if (request['x-ms-client-request-id']) out['x-ms-client-request-id'] = request['x-ms-client-request-id'];
  return out;
}

/** Writes the response; returns the headers actually sent (lower-case names). */
export function writeResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) sent[k.toLowerCase()] = v;
  let payload: string | undefined;
  if (body !== undefined && status !== 204) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    sent['content-type'] ??= typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  sent['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  res.writeHead(status, sent);
  res.end(payload);
  return sent;
}
