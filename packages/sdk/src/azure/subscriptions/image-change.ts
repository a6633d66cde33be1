/** Docker Scout's own resources, as its ARM template (reference/docker-scout-acr-arm-template.json) created them. */
import type { Secret } from '../../secret/index.js';
import type { EventSubscriptionSpec } from './spec.js';

/** Names Docker's template used; scout-acr uses them by default so it can adopt an existing setup. */
export const DOCKER_SCOUT_NAMES = {
  /** The Event Grid system topic on the registry. */
  systemTopic: 'docker-scout-repository',
  /** The topic's event subscription delivering to the webhook. */
  eventSubscription: 'image-change',
  /** The registry token Scout pulls with. */
  token: 'docker-scout-readonly-token',
  /** The built-in scope map the token is bound to (`repositories/*\/content/read`, `repositories/*\/metadata/read`). */
  scopeMap: '_repositories_pull_metadata_read',
} as const;

/** The ACR events the `image-change` subscription receives. */
export const ACR_IMAGE_EVENT_TYPES = [
  'Microsoft.ContainerRegistry.ImagePushed',
  'Microsoft.ContainerRegistry.ImageDeleted',
] as const;

/** The topic type of a registry's system topic. */
export const REGISTRY_TOPIC_TYPE = 'Microsoft.ContainerRegistry.Registries';

/**
 * Builds Docker's `image-change` subscription for `webhookUrl`, field for field as its template set it:
 * WebHook destination with `maxEventsPerBatch: 1` and `preferredBatchSizeInKilobytes: 64`, `EventGridSchema`,
 * ImagePushed + ImageDeleted with advanced filtering on arrays, no labels, and 30 attempts over 1440 minutes.
 * `overrides` replaces top-level fields (e.g. a `filter` limited to some repositories). Pure.
 */
export function buildImageChangeSubscription(
  webhookUrl: string | Secret,
  overrides: Partial<EventSubscriptionSpec> = {},
): EventSubscriptionSpec {
  return {
    destination: {
      endpointType: 'WebHook',
      endpointUrl: webhookUrl,
      maxEventsPerBatch: 1,
      preferredBatchSizeInKilobytes: 64,
    },
    eventDeliverySchema: 'EventGridSchema',
    filter: {
      enableAdvancedFilteringOnArrays: true,
      includedEventTypes: [...ACR_IMAGE_EVENT_TYPES],
    },
    labels: [],
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
    ...overrides,
  };
}
