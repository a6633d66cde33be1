/** JSON value types for rendered documents, and the one serializer every JSON format uses. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Serialises a document: 2-space indentation and a trailing newline. Renderers build objects with a fixed
 * key order and sorted arrays, so the same input always gives the same bytes.
 */
export function toJsonText(document: JsonValue): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Drops `undefined` members so optional fields are absent rather than `null`. */
export function compact(object: { [key: string]: JsonValue | undefined }): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out;
}
