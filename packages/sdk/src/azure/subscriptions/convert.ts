/**
 * Conversions between the client's event-subscription types and the Event Grid SDK models. Pure. The only place
 * the webhook URL and static secret attribute values are revealed is `toSdkEventSubscription` /
 * `toSdkEventSubscriptionPatch`, whose result goes straight into the SDK call.
 */
import type {
  DeliveryAttributeMappingUnion,
  DynamicDeliveryAttributeMapping,
  EventSubscription,
  EventSubscriptionUpdateParameters,
  StorageBlobDeadLetterDestination as SdkStorageBlobDeadLetter,
  StaticDeliveryAttributeMapping,
  WebHookEventSubscriptionDestination,
} from '@azure/arm-eventgrid';
import { Secret } from '../../secret/index.js';
import { secretFragmentsOfUrl } from '../errors/redaction.js';
import type {
  DeliveryAttributeMapping,
  DeliveryAttributeMappingInfo,
  EventSubscriptionInfo,
  EventSubscriptionPatch,
  EventSubscriptionSpec,
  WebhookDestination,
} from './spec.js';

const reveal = (value: string | Secret): string => (value instanceof Secret ? value.reveal() : value);

function toSdkMapping(mapping: DeliveryAttributeMapping): DeliveryAttributeMappingUnion {
  if (mapping.type === 'Dynamic') {
    return {
      type: 'Dynamic',
      name: mapping.name,
      sourceField: mapping.sourceField,
    } satisfies DynamicDeliveryAttributeMapping;
  }
  const isSecret = mapping.isSecret ?? mapping.value instanceof Secret;
  return {
    type: 'Static',
    name: mapping.name,
    value: reveal(mapping.value),
    isSecret,
  } satisfies StaticDeliveryAttributeMapping;
}

function toSdkDestination(destination: WebhookDestination): WebHookEventSubscriptionDestination {
  return {
    endpointType: 'WebHook',
    endpointUrl: reveal(destination.endpointUrl),
    maxEventsPerBatch: destination.maxEventsPerBatch,
    preferredBatchSizeInKilobytes: destination.preferredBatchSizeInKilobytes,
    azureActiveDirectoryTenantId: destination.azureActiveDirectoryTenantId,
    azureActiveDirectoryApplicationIdOrUri: destination.azureActiveDirectoryApplicationIdOrUri,
    deliveryAttributeMappings: destination.deliveryAttributeMappings?.map(toSdkMapping),
  };
}

function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value : new Date(value);
}

/** The SDK model for a PUT. Reveals the webhook URL: pass the result only to the SDK. */
export function toSdkEventSubscription(spec: EventSubscriptionSpec): EventSubscription {
  return toSdkEventSubscriptionPatch(spec) as EventSubscription;
}

/** The SDK model for a PATCH: only the fields present in `patch`. Reveals the webhook URL if one is given. */
export function toSdkEventSubscriptionPatch(patch: EventSubscriptionPatch): EventSubscriptionUpdateParameters {
  const out: EventSubscriptionUpdateParameters = {};
  if (patch.destination) out.destination = toSdkDestination(patch.destination);
  if (patch.filter) out.filter = { ...patch.filter };
  if (patch.labels) out.labels = [...patch.labels];
  if (patch.eventDeliverySchema) out.eventDeliverySchema = patch.eventDeliverySchema;
  if (patch.retryPolicy) out.retryPolicy = { ...patch.retryPolicy };
  if (patch.deadLetterDestination) {
    out.deadLetterDestination = { ...patch.deadLetterDestination } satisfies SdkStorageBlobDeadLetter;
  }
  const expiry = toDate(patch.expirationTimeUtc);
  if (expiry) out.expirationTimeUtc = expiry;
  return out;
}

/** Every value in a spec or patch that must never be shown (URL fragments, secret static attributes). */
export function secretsOfSpec(spec: EventSubscriptionPatch): string[] {
  const out: string[] = [];
  if (spec.destination) {
    out.push(...secretFragmentsOfUrl(spec.destination.endpointUrl));
    for (const m of spec.destination.deliveryAttributeMappings ?? []) {
      if (m.type === 'Static' && (m.isSecret || m.value instanceof Secret)) out.push(reveal(m.value));
    }
  }
  return out;
}

function fromSdkMapping(mapping: DeliveryAttributeMappingUnion): DeliveryAttributeMappingInfo {
  if (mapping.type === 'Dynamic') {
    return {
      type: 'Dynamic',
      name: mapping.name ?? '',
      sourceField: (mapping as DynamicDeliveryAttributeMapping).sourceField,
    };
  }
  const m = mapping as StaticDeliveryAttributeMapping;
  const isSecret = m.isSecret === true;
  const value = m.value === undefined || m.value === null ? undefined : isSecret ? new Secret(m.value) : m.value;
  return { type: 'Static', name: m.name ?? '', value, isSecret };
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The secret-free view of an SDK event subscription. Drops `endpointUrl` even if a response carried it. */
export function fromSdkEventSubscription(sub: EventSubscription): EventSubscriptionInfo {
  const dest = sub.destination;
  let destination: EventSubscriptionInfo['destination'];
  if (dest?.endpointType === 'WebHook') {
    const web = dest as WebHookEventSubscriptionDestination;
    destination = {
      endpointType: 'WebHook',
      endpointBaseUrl: web.endpointBaseUrl,
      maxEventsPerBatch: web.maxEventsPerBatch,
      preferredBatchSizeInKilobytes: web.preferredBatchSizeInKilobytes,
      azureActiveDirectoryTenantId: web.azureActiveDirectoryTenantId,
      azureActiveDirectoryApplicationIdOrUri: web.azureActiveDirectoryApplicationIdOrUri,
      deliveryAttributeMappings: web.deliveryAttributeMappings?.map(fromSdkMapping),
    };
  } else if (dest) {
    destination = { endpointType: dest.endpointType };
  }
  const dl = sub.deadLetterDestination;
  const blob = dl as SdkStorageBlobDeadLetter | undefined;
  return {
    id: sub.id ?? '',
    name: sub.name ?? '',
    topic: sub.topic,
    provisioningState: sub.provisioningState,
    destination,
    filter: { ...(sub.filter ?? {}) },
    labels: [...(sub.labels ?? [])],
    eventDeliverySchema: sub.eventDeliverySchema,
    retryPolicy: {
      maxDeliveryAttempts: sub.retryPolicy?.maxDeliveryAttempts,
      eventTimeToLiveInMinutes: sub.retryPolicy?.eventTimeToLiveInMinutes,
    },
    deadLetterDestination:
      dl === undefined
        ? undefined
        : dl.endpointType === 'StorageBlob'
          ? {
              endpointType: 'StorageBlob',
              resourceId: blob?.resourceId ?? '',
              blobContainerName: blob?.blobContainerName ?? '',
            }
          : { endpointType: dl.endpointType },
    expirationTimeUtc: iso(sub.expirationTimeUtc),
  };
}
