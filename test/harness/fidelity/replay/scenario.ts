import { type ArmResponse, armRequest, waitForLro } from './arm-client.js';
import { CR_API, EG_API, ensureRegistry, type SeedContext } from './seed.js';

/** One step of the coverage scenario and what it answered (after its LRO, if any). */
export interface ScenarioStep {
  operationId: string;
  first: ArmResponse;
  final: ArmResponse;
}

/**
 * Calls every operation the emulator serves once, in the order a scout-acr provision-then-remove run would:
 * registry reads, scope map and token lifecycle, password generation, system topic and event subscription
 * lifecycle (with the webhook handshake), then the deletes. Independent of every other suite's traffic.
 */
export async function runEveryOperation(ctx: SeedContext): Promise<ScenarioStep[]> {
  const sub = ctx.emulator.subscriptionId;
  const rg = 'fidelityrg';
  const registryId = ensureRegistry(ctx, rg, 'fidelityregistry', 'westus');
  const rgPath = `/subscriptions/${sub}/resourceGroups/${rg}`;
  const scopeMap = `${registryId}/scopeMaps/fidelity-scope-map`;
  const token = `${registryId}/tokens/fidelity-token`;
  const topic = `${rgPath}/providers/Microsoft.EventGrid/systemTopics/fidelity-topic`;
  const eventSub = `${topic}/eventSubscriptions/image-change`;
  const steps: ScenarioStep[] = [];
  const call = async (operationId: string, method: string, path: string, body?: unknown) => {
    const first = await armRequest(ctx.emulator, method, path, body);
    const final = (await waitForLro(ctx.emulator, first)) ?? first;
    steps.push({ operationId, first, final });
  };
  const subscriptionBody = {
    properties: {
      destination: {
        endpointType: 'WebHook',
        properties: { endpointUrl: ctx.world.webhookUrl, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 },
      },
      filter: {
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
      },
      eventDeliverySchema: 'EventGridSchema',
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
    },
  };

  await call(
    'Registries_List',
    'GET',
    `/subscriptions/${sub}/providers/Microsoft.ContainerRegistry/registries?${CR_API}`,
  );
  await call(
    'Registries_ListByResourceGroup',
    'GET',
    `${rgPath}/providers/Microsoft.ContainerRegistry/registries?${CR_API}`,
  );
  await call('Registries_Get', 'GET', `${registryId}?${CR_API}`);
  await call('ScopeMaps_Create', 'PUT', `${scopeMap}?${CR_API}`, {
    properties: {
      description: 'fidelity',
      actions: ['repositories/app/content/read', 'repositories/app/metadata/read'],
    },
  });
  await call('ScopeMaps_Get', 'GET', `${scopeMap}?${CR_API}`);
  await call('ScopeMaps_List', 'GET', `${registryId}/scopeMaps?${CR_API}`);
  await call('ScopeMaps_Update', 'PATCH', `${scopeMap}?${CR_API}`, {
    properties: { actions: ['repositories/app/content/read'] },
  });
  await call('Tokens_Create', 'PUT', `${token}?${CR_API}`, {
    properties: { scopeMapId: `${registryId}/scopeMaps/_repositories_pull_metadata_read`, status: 'enabled' },
  });
  await call('Tokens_Get', 'GET', `${token}?${CR_API}`);
  await call('Tokens_List', 'GET', `${registryId}/tokens?${CR_API}`);
  await call('Tokens_Update', 'PATCH', `${token}?${CR_API}`, { properties: { scopeMapId: scopeMap } });
  await call('Registries_GenerateCredentials', 'POST', `${registryId}/generateCredentials?${CR_API}`, {
    tokenId: token,
    name: 'password1',
    expiry: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await call('SystemTopics_CreateOrUpdate', 'PUT', `${topic}?${EG_API}`, {
    location: 'westus',
    properties: { source: registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
  });
  await call('SystemTopics_Get', 'GET', `${topic}?${EG_API}`);
  await call(
    'SystemTopics_ListByResourceGroup',
    'GET',
    `${rgPath}/providers/Microsoft.EventGrid/systemTopics?${EG_API}`,
  );
  await call(
    'SystemTopics_ListBySubscription',
    'GET',
    `/subscriptions/${sub}/providers/Microsoft.EventGrid/systemTopics?${EG_API}`,
  );
  await call('SystemTopics_Update', 'PATCH', `${topic}?${EG_API}`, { tags: { owner: 'scout-acr' } });
  await call('SystemTopicEventSubscriptions_CreateOrUpdate', 'PUT', `${eventSub}?${EG_API}`, subscriptionBody);
  await call('SystemTopicEventSubscriptions_Get', 'GET', `${eventSub}?${EG_API}`);
  await call('SystemTopicEventSubscriptions_GetFullUrl', 'POST', `${eventSub}/getFullUrl?${EG_API}`);
  await call(
    'SystemTopicEventSubscriptions_GetDeliveryAttributes',
    'POST',
    `${eventSub}/getDeliveryAttributes?${EG_API}`,
  );
  await call('SystemTopicEventSubscriptions_ListBySystemTopic', 'GET', `${topic}/eventSubscriptions?${EG_API}`);
  await call('SystemTopicEventSubscriptions_Update', 'PATCH', `${eventSub}?${EG_API}`, { labels: ['scout-acr'] });
  await call('SystemTopicEventSubscriptions_Delete', 'DELETE', `${eventSub}?${EG_API}`);
  await call('SystemTopics_Delete', 'DELETE', `${topic}?${EG_API}`);
  await call('Tokens_Delete', 'DELETE', `${token}?${CR_API}`);
  await call('ScopeMaps_Delete', 'DELETE', `${scopeMap}?${CR_API}`);
  return steps;
}
