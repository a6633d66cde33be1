/** `@scout-acr/sdk/client`: the scout-acr server API contract (zod schemas, routes, OpenAPI) and `ScoutClient`. */
export * from './client/index.js';
