export type * from './analysis-types.js';
export type * from './reconciler-types.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type * from './types.js';
