/** Docker's ARM template, as DESIGN.md §1 records it: the subscription scout-acr creates by default. */
export const IMAGE_EVENT_TYPES = [
  'Microsoft.ContainerRegistry.ImagePushed',
  'Microsoft.ContainerRegistry.ImageDeleted',
];
export const SUBSCRIPTION_DEFAULTS = {
  maxEventsPerBatch: 1,
  preferredBatchSizeInKilobytes: 64,
  eventDeliverySchema: 'EventGridSchema',
  maxDeliveryAttempts: 30,
  eventTimeToLiveInMinutes: 1440,
} as const;
/** Built-in scope map: `repositories/*\/content/read` and `repositories/*\/metadata/read`. */
export const BUILTIN_READ_SCOPE_MAP = '_repositories_pull_metadata_read';
export const DAY_MS = 86_400_000;
