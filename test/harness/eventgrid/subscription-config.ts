/**
 * The parts of an Event Grid event subscription (ARM `properties`, API 2025-02-15) that decide delivery,
 * read defensively: the emulator hands us whatever the client PUT, so every field is optional here and gets
 * Azure's default.
 */
import type { EventDeliverySchema } from '@scout-acr/sdk/events';

export interface AdvancedFilter {
  operatorType: string;
  key: string;
  value?: unknown;
  values?: unknown[];
}

export interface SubscriptionFilter {
  includedEventTypes: string[] | undefined;
  subjectBeginsWith: string | undefined;
  subjectEndsWith: string | undefined;
  isSubjectCaseSensitive: boolean;
  enableAdvancedFilteringOnArrays: boolean;
  advancedFilters: AdvancedFilter[];
}

export type DeliveryAttributeMapping =
  | { name: string; type: 'Static'; value: string; isSecret: boolean }
  | { name: string; type: 'Dynamic'; sourceField: string };

/** Where and how one subscription receives events. */
export interface SubscriptionConfig {
  /** ARM id of the event subscription. */
  id: string;
  name: string;
  endpointType: string;
  /** Full endpoint URL (write-only in ARM; the emulator gives it to us in process). */
  endpointUrl: string | undefined;
  schema: EventDeliverySchema;
  filter: SubscriptionFilter;
  maxEventsPerBatch: number;
  preferredBatchSizeInKilobytes: number;
  maxDeliveryAttempts: number;
  eventTimeToLiveInMinutes: number;
  deliveryAttributeMappings: DeliveryAttributeMapping[];
  deadLetterConfigured: boolean;
  provisioningState: string | undefined;
  expirationTimeUtc: string | undefined;
}

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function int(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function readMappings(value: unknown): DeliveryAttributeMapping[] {
  if (!Array.isArray(value)) return [];
  const mappings: DeliveryAttributeMapping[] = [];
  for (const item of value) {
    const mapping = record(item);
    const name = str(mapping.name);
    const properties = record(mapping.properties);
    if (name === undefined) continue;
    if (mapping.type === 'Static') {
      mappings.push({
        name,
        type: 'Static',
        value: str(properties.value) ?? '',
        isSecret: properties.isSecret === true,
      });
    } else if (mapping.type === 'Dynamic') {
      const sourceField = str(properties.sourceField);
      if (sourceField !== undefined) mappings.push({ name, type: 'Dynamic', sourceField });
    }
  }
  return mappings;
}

function readAdvancedFilters(value: unknown): AdvancedFilter[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const filter = record(item);
    const operatorType = str(filter.operatorType);
    const key = str(filter.key);
    if (operatorType === undefined || key === undefined) return [];
    return [
      {
        operatorType,
        key,
        ...('value' in filter ? { value: filter.value } : {}),
        ...(Array.isArray(filter.values) ? { values: filter.values } : {}),
      },
    ];
  });
}

/** Reads a subscription as `ArmState.eventSubscriptionsForRegistry` returns it. */
export function readSubscriptionConfig(subscription: {
  id: string;
  name: string;
  properties: Record<string, unknown>;
}): SubscriptionConfig {
  const properties = subscription.properties;
  const destination = record(properties.destination);
  const destinationProperties = record(destination.properties);
  const filter = record(properties.filter);
  const retryPolicy = record(properties.retryPolicy);
  const included = filter.includedEventTypes;
  return {
    id: subscription.id,
    name: subscription.name,
    endpointType: str(destination.endpointType) ?? 'WebHook',
    endpointUrl: str(destinationProperties.endpointUrl),
    schema: properties.eventDeliverySchema === 'CloudEventSchemaV1_0' ? 'CloudEventSchemaV1_0' : 'EventGridSchema',
    filter: {
      includedEventTypes: Array.isArray(included) ? included.filter((t) => typeof t === 'string') : undefined,
      subjectBeginsWith: str(filter.subjectBeginsWith),
      subjectEndsWith: str(filter.subjectEndsWith),
      isSubjectCaseSensitive: filter.isSubjectCaseSensitive === true,
      enableAdvancedFilteringOnArrays: filter.enableAdvancedFilteringOnArrays === true,
      advancedFilters: readAdvancedFilters(filter.advancedFilters),
    },
    // Azure defaults: one event per request, 64 KB preferred batch size, 30 attempts, 24 h time to live.
    maxEventsPerBatch: Math.max(1, int(destinationProperties.maxEventsPerBatch, 1)),
    preferredBatchSizeInKilobytes: Math.max(1, int(destinationProperties.preferredBatchSizeInKilobytes, 64)),
    maxDeliveryAttempts: Math.max(1, int(retryPolicy.maxDeliveryAttempts, 30)),
    eventTimeToLiveInMinutes: Math.max(1, int(retryPolicy.eventTimeToLiveInMinutes, 1440)),
    deliveryAttributeMappings: readMappings(destinationProperties.deliveryAttributeMappings),
    deadLetterConfigured: properties.deadLetterDestination != null || properties.deadLetterWithResourceIdentity != null,
    provisioningState: str(properties.provisioningState),
    expirationTimeUtc: str(properties.expirationTimeUtc),
  };
}
