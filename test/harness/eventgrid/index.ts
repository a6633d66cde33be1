/**
 * Event Grid delivery for the test world: registry notifications in, ACR events out to subscribed webhooks.
 * Pure parts (mapping, filter engine, retry policy, batching, request building) are exported for unit tests.
 */
export { splitIntoBatches } from './batching.js';
export * from './delivery-log.js';
export { buildDeliveryRequest, type DeliveryRequest, deliveryAttributeHeaders } from './delivery-request.js';
export * from './delivery-service.js';
export { evaluateFilter, type FilterResult, matchesAdvancedFilter, resolveFilterKey } from './filter.js';
export * from './registry-notifications.js';
export * from './retry-policy.js';
export * from './subscription-config.js';
export * from './webhook-receiver.js';
