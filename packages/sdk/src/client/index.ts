export * from './contract/index.js';
export { RETRYABLE_STATUSES, ScoutApiError } from './errors.js';
export { type PagedAsyncIterable, type PageSettings, paginate } from './paging.js';
export { type ListOptions, type RequestOptions, ScoutClient, type ScoutClientOptions } from './scout-client.js';
