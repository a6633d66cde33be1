/**
 * `@scout-acr/sdk/azure`: the Azure side (ACR tokens, scope maps, passwords; Event Grid system topics and
 * subscriptions) over the official Azure SDK clients.
 */
export * from './azure/index.js';
