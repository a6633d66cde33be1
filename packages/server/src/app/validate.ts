import type { z } from 'zod';
import { badRequest } from '../http/index.js';

/** Validates one part of a request against its contract schema; a mismatch is a 400 naming each field. */
export function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(
    `invalid ${where}`,
    result.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })),
  );
}

export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}
