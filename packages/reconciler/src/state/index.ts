export { desiredStateFromConfig, registryAddress } from './desired.js';
export { type Observation, observe } from './observe.js';
export type * from './types.js';
