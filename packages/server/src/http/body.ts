import type { IncomingMessage } from 'node:http';
import { badRequest, HttpError } from './errors.js';

/** Reads the whole body, refusing more than `maxBytes` (413) without buffering the excess. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(new HttpError(400, 'BadRequest', 'the request body could not be read', { cause: error }));
      }
    });
  });
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'PayloadTooLarge', `the request body exceeds ${maxBytes} bytes`);

/**
 * The nesting depth of a JSON text, counted without parsing (brackets outside strings), so a hostile
 * `[[[[…` is refused before any parser recurses into it. Stops early once `limit` is exceeded.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/** Parses a JSON body with a depth limit; malformed or too deep → 400. An empty body is `undefined`. */
export function parseJsonBody(raw: Buffer, maxDepth: number): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (jsonDepthExceeds(text, maxDepth)) throw badRequest(`the JSON body is nested deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}
