import type { LiveRequest, LiveResponse } from 'oav';
import type { RecordedExchange } from './types.js';

/**
 * Turns a recorded exchange into the request/response pair oav's LiveValidator takes.
 *
 * Normalisations, each because oav would otherwise report something that is not a fidelity problem:
 * - A `Content-Type` header on a request that carries no body is dropped. oav checks any request
 *   Content-Type against the operation's `consumes`, and Event Grid's read/delete operations declare
 *   `consumes: []`; a header that describes no body cannot make the exchange differ from the swagger.
 *   A request that does carry a body keeps its header and is checked.
 * - Header names are lower-cased (HTTP header names are case-insensitive; oav looks them up lower-case).
 * - An empty body (`undefined`, `null`, `''`) is passed as absent.
 * Everything is deep-copied first: oav mutates what it is given (query and header transforms).
 */
export function toLivePair(exchange: RecordedExchange): { liveRequest: LiveRequest; liveResponse: LiveResponse } {
  const requestBody = presentBody(exchange.request.body);
  const requestHeaders = lowerCaseKeys(exchange.request.headers);
  if (requestBody === undefined) delete requestHeaders['content-type'];
  const responseBody = presentBody(exchange.response.body);
  return {
    liveRequest: {
      url: exchange.request.url,
      method: exchange.request.method.toLowerCase(),
      headers: requestHeaders,
      ...(requestBody === undefined ? {} : { body: structuredClone(requestBody) as LiveRequest['body'] }),
    },
    liveResponse: {
      statusCode: String(exchange.response.statusCode),
      headers: lowerCaseKeys(exchange.response.headers),
      ...(responseBody === undefined ? {} : { body: structuredClone(responseBody) as LiveResponse['body'] }),
    },
  };
}

function presentBody(body: unknown): unknown {
  return body === undefined || body === null || body === '' ? undefined : body;
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}
