/**
 * The official Azure SDK clients talk to the emulator unchanged (through `endpoint`), including their LRO
 * pollers: the contract every other part of the test world relies on.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { EventGridManagementClient } from '@azure/arm-eventgrid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { startWebhook, type TestWebhook } from './helpers/webhook.js';

/** Any bearer token will do: the emulator checks that one is sent, not what it says. */
const credential = {
  getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const fast = { updateIntervalInMs: 10 };

describe('official SDK clients against the emulator', () => {
  let arm: ArmEmulator;
  let hook: TestWebhook;
  let cr: ContainerRegistryManagementClient;
  let eg: EventGridManagementClient;
  let registryId: string;

  beforeAll(async () => {
    // Recorded (default dir): valid SDK traffic the fidelity suite checks against the swaggers.
    arm = await startArmEmulator();
    hook = await startWebhook('echo');
    registryId = arm.state.createRegistry({
      resourceGroup: 'rg-sdk',
      name: 'sdkregistry',
      loginServer: '127.0.0.1:5999',
    }).id;
    cr = new ContainerRegistryManagementClient(credential, arm.subscriptionId, { endpoint: arm.url });
    eg = new EventGridManagementClient(credential, arm.subscriptionId, { endpoint: arm.url, apiVersion: '2025-02-15' });
  });

  afterAll(async () => {
    await hook?.close();
    await arm?.close();
  });

  it('creates a token, generates a password and authenticates with it', async () => {
    const scopeMapId = `${registryId}/scopeMaps/_repositories_pull_metadata_read`;
    const token = await cr.tokens.create('rg-sdk', 'sdkregistry', 'scout-token', { scopeMapId }, fast);
    expect(token.provisioningState).toBe('Succeeded');
    expect(token.status).toBe('enabled');
    const result = await cr.registries.generateCredentials(
      'rg-sdk',
      'sdkregistry',
      { tokenId: token.id, name: 'password1', expiry: new Date(Date.now() + 86_400_000) },
      fast,
    );
    const password = result.passwords?.[0]?.value;
    expect(result.username).toBe('scout-token');
    expect(password).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const auth = arm.state.authenticateToken({
      loginServer: '127.0.0.1:5999',
      tokenName: 'scout-token',
      password: password!,
    });
    expect(auth).toEqual({
      ok: true,
      tokenName: 'scout-token',
      registryId,
      actions: ['repositories/*/content/read', 'repositories/*/metadata/read'],
    });
    const listed = [];
    for await (const t of cr.tokens.list('rg-sdk', 'sdkregistry')) listed.push(t);
    expect(listed.map((t) => t.name)).toEqual(['scout-token']);
    expect(listed[0]?.credentials?.passwords?.[0]?.name).toBe('password1');
    expect(listed[0]?.credentials?.passwords?.[0]?.value).toBeUndefined();
    await cr.tokens.delete('rg-sdk', 'sdkregistry', 'scout-token', fast);
    await expect(cr.tokens.get('rg-sdk', 'sdkregistry', 'scout-token')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates a system topic and a validated webhook subscription, then reads the full URL', async () => {
    const topic = await eg.systemTopics.beginCreateOrUpdateAndWait(
      'rg-sdk',
      'docker-scout-repository',
      { location: 'westus', source: registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
      fast,
    );
    expect(topic.provisioningState).toBe('Succeeded');
    const endpointUrl = `${hook.url}/webhook?secret=abc123`;
    const sub = await eg.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
      'rg-sdk',
      'docker-scout-repository',
      'image-change',
      {
        destination: { endpointType: 'WebHook', endpointUrl, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 },
        eventDeliverySchema: 'EventGridSchema',
        filter: {
          includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        },
        retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      },
      fast,
    );
    expect(sub.provisioningState).toBe('Succeeded');
    expect(sub.destination).toMatchObject({ endpointType: 'WebHook', endpointBaseUrl: `${hook.url}/webhook` });
    expect(JSON.stringify(sub)).not.toContain('abc123');
    expect(hook.calls[0]?.headers['aeg-event-type']).toBe('SubscriptionValidation');
    const full = await eg.systemTopicEventSubscriptions.getFullUrl('rg-sdk', 'docker-scout-repository', 'image-change');
    expect(full.endpointUrl).toBe(endpointUrl);
    await eg.systemTopicEventSubscriptions.beginDeleteAndWait(
      'rg-sdk',
      'docker-scout-repository',
      'image-change',
      fast,
    );
    await eg.systemTopics.beginDeleteAndWait('rg-sdk', 'docker-scout-repository', fast);
    const topics = [];
    for await (const t of eg.systemTopics.listByResourceGroup('rg-sdk')) topics.push(t);
    expect(topics).toEqual([]);
  });

  it('surfaces a failed handshake as a failed LRO with Url validation', async () => {
    await eg.systemTopics.beginCreateOrUpdateAndWait(
      'rg-sdk',
      'topic-two',
      { location: 'westus', source: registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
      fast,
    );
    hook.mode = 'status-500';
    await expect(
      eg.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
        'rg-sdk',
        'topic-two',
        'image-change',
        { destination: { endpointType: 'WebHook', endpointUrl: `${hook.url}/x` } },
        fast,
      ),
    ).rejects.toThrow(/Url validation\. Webhook validation handshake failed/);
    hook.mode = 'echo';
  });
});
