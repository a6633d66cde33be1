/**
 * `@scout-acr/sdk/events`: zod schemas, types, parsers and builders for Event Grid deliveries (Event Grid schema
 * and CloudEvents 1.0), the Event Grid system events and Azure Container Registry's image and chart events.
 */
export * from './events/index.js';
