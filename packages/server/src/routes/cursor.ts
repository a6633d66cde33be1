import { badRequest } from '../http/index.js';

/** Opaque cursors: base64url of a sort key. Clients pass `nextCursor` back unchanged. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('v1:')) throw badRequest('invalid cursor');
  return text.slice(3);
}

export function decodeSeqCursor(cursor: string | undefined): number | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  const seq = Number(key);
  if (!Number.isSafeInteger(seq) || seq < 0) throw badRequest('invalid cursor');
  return seq;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Fetches `limit + 1` rows to know whether another page exists, without a count query. */
export async function seqPage<T extends { seq: number }, R>(
  query: { cursor?: string | undefined; limit?: number | undefined },
  fetch: (page: { before: number | undefined; limit: number }) => Promise<T[]>,
  map: (row: T) => R,
): Promise<{ items: R[]; nextCursor: string | null }> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await fetch({ before: decodeSeqCursor(query.cursor), limit: limit + 1 });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(map), nextCursor: more && last ? encodeCursor(last.seq) : null };
}
