import { z } from 'zod';

/** Every named schema of the API contract: the `components.schemas` of the OpenAPI document. */
export const contractSchemas = z.registry<{ id: string }>();

/** The error body of every non-2xx response: a stable code, a human message, the request id. */
export const ApiErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. `NotFound`, `Unauthorized`'),
      message: z.string(),
      requestId: z.string().optional(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .register(contractSchemas, { id: 'ApiError' });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Query parameters of every list route. `cursor` is opaque: pass back `nextCursor` unchanged. */
export const PageQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a list: its items and the cursor of the next page (`null` on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const Role = z.enum(['viewer', 'admin']).register(contractSchemas, { id: 'Role' });
export type Role = z.infer<typeof Role>;

export const Timestamp = z.string().describe('RFC 3339 timestamp (UTC)');

export const IdParams = z.object({ id: z.string().min(1).max(64) });

export const EmptyObject = z.object({});
