import type { Page } from './contract/common.js';

/** Settings of `byPage()`: page size and where to resume (a `nextCursor` from an earlier page). */
export interface PageSettings {
  maxPageSize?: number;
  continuationToken?: string;
}

/**
 * An async iterable over every item of a paginated list that fetches pages lazily, plus `byPage()` for
 * page-at-a-time access (the shape of the Azure SDK's PagedAsyncIterableIterator).
 */
export interface PagedAsyncIterable<T> extends AsyncIterable<T> {
  byPage(settings?: PageSettings): AsyncIterableIterator<Page<T>>;
}

export function paginate<T>(
  fetchPage: (cursor: string | undefined, limit: number | undefined) => Promise<Page<T>>,
  defaults: { limit?: number | undefined } = {},
): PagedAsyncIterable<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<Page<T>> {
    let cursor = settings.continuationToken;
    const limit = settings.maxPageSize ?? defaults.limit;
    do {
      const page = await fetchPage(cursor, limit);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return {
    byPage: pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
  };
}
