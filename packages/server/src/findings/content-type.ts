/** A symbol an API handler sets on its result to answer with another JSON media type than `application/json`. */
export const RESPONSE_CONTENT_TYPE: unique symbol = Symbol('scout-acr.responseContentType');

/** Marks `body` to be sent with `contentType` (non-enumerable: the JSON body is unchanged). */
export function withContentType<T extends object>(body: T, contentType: string): T {
  Object.defineProperty(body, RESPONSE_CONTENT_TYPE, { value: contentType, enumerable: false });
  return body;
}

/** The content type a handler asked for, if any. */
export function responseContentType(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as { [RESPONSE_CONTENT_TYPE]?: unknown })[RESPONSE_CONTENT_TYPE];
  return typeof value === 'string' ? value : undefined;
}
