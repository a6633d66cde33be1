export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type * from './types.js';
