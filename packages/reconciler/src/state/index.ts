export { desiredStateFromConfig, registryAddress } from './desired.js';
export type * from './types.js';
