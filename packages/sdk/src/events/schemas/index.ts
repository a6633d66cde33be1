export * from './common.js';
export * from './container-registry.js';
export * from './envelope.js';
export * from './event-grid-system.js';
