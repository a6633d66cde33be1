/** Azure SDK-style paged iterators, mapped item by item, with errors mapped per page. */

/** Settings for `byPage()`, as in `@azure/core-paging`. */
export interface PageSettings {
  continuationToken?: string | undefined;
  maxPageSize?: number | undefined;
}

/**
 * An async iterator over items that can also be walked page by page, as every Azure SDK list returns.
 * `for await (const item of client.tokens.list(registry))`, or `.byPage()` for pages.
 */
export interface PagedAsyncIterableIterator<T, TPage = T[]> {
  next(): Promise<IteratorResult<T>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<T, TPage>;
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/** Structural type of both SDK generations' paged iterators. */
export interface SourcePaged<S> {
  next(): Promise<IteratorResult<S>>;
  byPage(settings?: PageSettings): AsyncIterableIterator<S[]>;
}

/**
 * Maps a paged iterator. `guard` wraps every underlying call (error mapping, operation context); the source is
 * created lazily, so nothing is requested until the caller iterates.
 */
export function mapPaged<S, T>(
  source: () => SourcePaged<S>,
  map: (item: S) => T,
  guard: <R>(fn: () => Promise<R>) => Promise<R>,
): PagedAsyncIterableIterator<T> {
  let items: SourcePaged<S> | undefined;
  const iterator: PagedAsyncIterableIterator<T> = {
    async next() {
      const result = await guard(() => {
        items ??= source();
        return items.next();
      });
      return result.done ? { done: true, value: undefined } : { done: false, value: map(result.value) };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    byPage(settings) {
      let pages: AsyncIterableIterator<S[]> | undefined;
      const paged: AsyncIterableIterator<T[]> = {
        async next() {
          const result = await guard(() => {
            pages ??= source().byPage(settings);
            return pages.next();
          });
          return result.done ? { done: true, value: undefined } : { done: false, value: result.value.map(map) };
        },
        [Symbol.asyncIterator]() {
          return paged;
        },
      };
      return paged;
    },
  };
  return iterator;
}

/** Collects an async iterable into an array (`Array.fromAsync` needs Node 22). */
export async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
