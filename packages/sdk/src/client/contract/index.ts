export * from './common.js';
export * from './history.js';
export * from './images.js';
export * from './integrations.js';
export { buildOpenApiDocument } from './openapi.js';
export * from './packages.js';
export * from './reconciler.js';
export * from './repositories.js';
export { type OperationId, type ResponseOf, type RouteDef, type Routes, routes } from './routes.js';
