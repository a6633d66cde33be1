import type { DesiredRegistry, ObservedRegistry } from '../../src/state/index.js';

export const NOW = new Date('2026-11-29T00:00:00Z');
export const SUB = '11111111-2222-3333-4444-555555555555';
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
export const ids = {
  registry: `${RG}/providers/Microsoft.ContainerRegistry/registries/contoso`,
  token: `${RG}/providers/Microsoft.ContainerRegistry/registries/contoso/tokens/docker-scout-readonly-token`,
  builtin: `${RG}/providers/Microsoft.ContainerRegistry/registries/contoso/scopeMaps/_repositories_pull_metadata_read`,
  scopeMap: `${RG}/providers/Microsoft.ContainerRegistry/registries/contoso/scopeMaps/scout-acr-read`,
  topic: `${RG}/providers/Microsoft.EventGrid/systemTopics/docker-scout-repository`,
  subscription: `${RG}/providers/Microsoft.EventGrid/systemTopics/docker-scout-repository/eventSubscriptions/image-change`,
};
export const ADDRESS = `${SUB}/rg/contoso`;

export function desired(overrides: Partial<DesiredRegistry> = {}): DesiredRegistry {
  return {
    address: ADDRESS,
    subscriptionId: SUB,
    resourceGroup: 'rg',
    name: 'contoso',
    suspend: false,
    deletionPolicy: 'delete',
    names: {
      token: 'docker-scout-readonly-token',
      systemTopic: 'docker-scout-repository',
      eventSubscription: 'image-change',
      scopeMap: 'scout-acr-read',
    },
    tokenScope: 'read-only',
    password: { expiresInDays: 90, rotateBeforeDays: 14 },
    repositories: { include: ['app/*'], exclude: [] },
    ...overrides,
  };
}

/** A registry with nothing provisioned yet. */
export function empty(): ObservedRegistry {
  return {
    address: ADDRESS,
    registry: { id: ids.registry, name: 'contoso', resourceGroup: 'rg', loginServer: 'contoso.azurecr.io' },
    scopeMaps: [
      {
        id: ids.builtin,
        name: '_repositories_pull_metadata_read',
        actions: ['repositories/*/content/read', 'repositories/*/metadata/read'],
        builtIn: true,
      },
    ],
    tokens: [],
    eventSubscriptions: [],
  };
}

/** A registry fully converged for `desired()`. */
export function converged(expiry = '2027-02-01T00:00:00Z'): ObservedRegistry {
  return {
    ...empty(),
    tokens: [
      {
        id: ids.token,
        name: 'docker-scout-readonly-token',
        scopeMapId: ids.builtin,
        status: 'enabled',
        passwords: [{ name: 'password1', expiry }],
      },
    ],
    systemTopic: { id: ids.topic, name: 'docker-scout-repository', source: ids.registry },
    eventSubscriptions: [
      {
        id: ids.subscription,
        name: 'image-change',
        endpointBaseUrl: 'https://scout.example/v1/webhooks/eventgrid/int_1',
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        maxEventsPerBatch: 1,
        preferredBatchSizeInKilobytes: 64,
        eventDeliverySchema: 'EventGridSchema',
        maxDeliveryAttempts: 30,
        eventTimeToLiveInMinutes: 1440,
        provisioningState: 'Succeeded',
      },
    ],
    integration: {
      id: 'int_1',
      loginServer: 'contoso.azurecr.io',
      tokenName: 'docker-scout-readonly-token',
      status: 'CONNECTED',
      webhookBaseUrl: 'https://scout.example/v1/webhooks/eventgrid/int_1',
      webhookFingerprint: 'fp1',
      repositories: [
        { name: 'app/api', active: true },
        { name: 'app/web', active: true },
        { name: 'infra/db', active: false },
      ],
    },
    inventory: {
      managedBy: 'scout-acr',
      address: ADDRESS,
      tokenId: ids.token,
      systemTopicId: ids.topic,
      eventSubscriptionId: ids.subscription,
      webhookFingerprint: 'fp1',
      password: { name: 'password1', expiry },
      deletionPolicy: 'delete',
    },
  };
}
