/**
 * `@scout-acr/sdk`: typed clients for scout-acr. Each area also has its own subpath export
 * (`@scout-acr/sdk/azure`, `/registry`, `/events`, `/client`, `/errors`) for smaller imports.
 */

export * from './azure/index.js';
export { type PagedAsyncIterable, ScoutApiError, ScoutClient, type ScoutClientOptions } from './client/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './http/index.js';
export * from './logging/index.js';
export * from './metrics/index.js';
export * from './registry/index.js';
export * from './repositories/index.js';
export * from './secret/index.js';
