export type * from './analysis-types.js';
export type * from './dashboard-types.js';
export type * from './findings-types.js';
export type * from './reconciler-types.js';
export { HISTORY_LIST_LIMIT, SqliteFindingsStore } from './sqlite/findings-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type * from './types.js';
