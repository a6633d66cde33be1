/**
 * Raw ARM calls for the Event Grid e2e suites, as a user's tooling makes them: HTTPS with a Bearer header, and
 * long-running operations polled through `Azure-AsyncOperation` / `Location` until they end.
 */

import type { ArmEmulator } from '../../harness/arm/index.js';
import { armCall } from '../../harness/arm-client.js';

const EG_API = 'api-version=2025-02-15';

export { armCall };

/** ARM access to one registry's system topic and its event subscriptions. */
export class EventGridArm {
  constructor(
    private readonly emulator: ArmEmulator,
    private readonly resourceGroup: string,
    private readonly topicName: string,
  ) {}

  private get topicUrl(): string {
    return `${this.emulator.url}/subscriptions/${this.emulator.subscriptionId}/resourceGroups/${this.resourceGroup}/providers/Microsoft.EventGrid/systemTopics/${this.topicName}`;
  }

  /** PUT the system topic on the registry (the first step of Docker's ARM template). */
  createSystemTopic(registryId: string, location = 'westus'): Promise<unknown> {
    return armCall('PUT', `${this.topicUrl}?${EG_API}`, {
      location,
      properties: { source: registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
    });
  }

  /** PUT an event subscription; the emulator runs the validation handshake against the endpoint. */
  createSubscription(name: string, properties: Record<string, unknown>): Promise<unknown> {
    return armCall('PUT', `${this.topicUrl}/eventSubscriptions/${name}?${EG_API}`, { properties });
  }

  deleteSubscription(name: string): Promise<unknown> {
    return armCall('DELETE', `${this.topicUrl}/eventSubscriptions/${name}?${EG_API}`);
  }
}

/** Subscription properties shaped like Docker's `image-change` subscription, with overrides. */
export function webhookSubscription(
  endpointUrl: string,
  overrides: {
    destination?: Record<string, unknown>;
    filter?: Record<string, unknown>;
    eventDeliverySchema?: 'EventGridSchema' | 'CloudEventSchemaV1_0';
    retryPolicy?: { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number };
    deadLetterDestination?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    destination: {
      endpointType: 'WebHook',
      properties: { endpointUrl, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64, ...overrides.destination },
    },
    eventDeliverySchema: overrides.eventDeliverySchema ?? 'EventGridSchema',
    filter: overrides.filter ?? {
      enableAdvancedFilteringOnArrays: true,
      includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
    },
    retryPolicy: overrides.retryPolicy ?? { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
    ...(overrides.deadLetterDestination ? { deadLetterDestination: overrides.deadLetterDestination } : {}),
  };
}
