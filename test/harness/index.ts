/**
 * `@scout-acr/test/harness`: the test world for end-to-end suites, benchmarks and the sandbox.
 */
export * from './arm/index.js';
export { type EventGridDeliveryOptions, startEventGridDelivery, startWebhookReceiver } from './eventgrid/index.js';
export * from './images/index.js';
export * from './registry/index.js';
export * from './tls/index.js';
export { DEFAULT_REGISTRIES, DEFAULT_RESOURCE_GROUP, startWorld, type World, type WorldOptions } from './world.js';
