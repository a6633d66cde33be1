/** Every AzureAcrClient operation against the ARM emulator, through the official Azure SDK clients. */

import { Secret } from '@scout-acr/sdk';
import {
  type AzureAcrClient,
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
  scopeMapId,
  toArray,
} from '@scout-acr/sdk/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { clientFor, startWebhook, type TestWebhook } from './helpers.js';

let arm: ArmEmulator;
let azure: AzureAcrClient;
let webhook: TestWebhook;
const registry = { resourceGroup: 'rg-ops', name: 'opsregistry' };

beforeAll(async () => {
  arm = await startArmEmulator();
  arm.state.ensureResourceGroup('rg-ops');
  arm.state.ensureResourceGroup('rg-other');
  arm.state.createRegistry({ ...registry, loginServer: 'opsregistry.azurecr.io' });
  arm.state.createRegistry({ resourceGroup: 'rg-other', name: 'otherregistry' });
  azure = clientFor(arm);
  webhook = await startWebhook('ok');
});

afterAll(async () => {
  await webhook?.close();
  await arm?.close();
});

describe('registries', () => {
  it('gets, lists (subscription and resource group) and resolves a login server', async () => {
    const got = await azure.registries.get(registry);
    expect(got).toMatchObject({ name: 'opsregistry', resourceGroup: 'rg-ops', loginServer: 'opsregistry.azurecr.io' });
    expect(got.subscriptionId).toBe(arm.subscriptionId);
    const all = await toArray(azure.registries.list());
    expect(all.map((r) => r.name).sort()).toEqual(['opsregistry', 'otherregistry']);
    const inGroup = await toArray(azure.registries.listByResourceGroup('rg-other'));
    expect(inGroup.map((r) => r.name)).toEqual(['otherregistry']);
    const resolved = await azure.registries.resolveLoginServer('OpsRegistry.azurecr.io');
    expect(resolved.id).toBe(got.id);
    expect(await azure.registries.get(got.id)).toEqual(got);
  });
});

describe('scope maps', () => {
  it('lists built-in maps and manages a custom one', async () => {
    const maps = await toArray(azure.scopeMaps.list(registry));
    const builtIn = maps.find((m) => m.name === DOCKER_SCOUT_NAMES.scopeMap);
    expect(builtIn?.builtIn).toBe(true);
    expect(builtIn?.actions).toEqual(
      expect.arrayContaining(['repositories/*/content/read', 'repositories/*/metadata/read']),
    );

    const created = await azure.scopeMaps.createOrUpdate(registry, 'app-readers', {
      actions: ['repositories/app/content/read', 'repositories/app/metadata/read'],
      description: 'app only',
    });
    expect(created).toMatchObject({ name: 'app-readers', builtIn: false, description: 'app only' });
    expect(created.provisioningState).toBe('Succeeded');
    const updated = await azure.scopeMaps.createOrUpdate(registry, 'app-readers', {
      actions: ['repositories/app/content/read'],
    });
    expect(updated.actions).toEqual(['repositories/app/content/read']);
    expect((await azure.scopeMaps.get(registry, 'app-readers')).actions).toEqual(['repositories/app/content/read']);
    await azure.scopeMaps.delete(registry, 'app-readers');
    expect((await toArray(azure.scopeMaps.list(registry))).some((m) => m.name === 'app-readers')).toBe(false);
  });
});

describe('tokens and passwords', () => {
  it('creates, reads, disables and deletes a token; generated passwords work and are secrets', async () => {
    const token = await azure.tokens.createOrUpdate(registry, 'scout-token', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    expect(token).toMatchObject({ name: 'scout-token', status: 'enabled', scopeMapName: DOCKER_SCOUT_NAMES.scopeMap });
    const regId = (await azure.registries.get(registry)).id;
    expect(token.scopeMapId.toLowerCase()).toBe(scopeMapId(regId, DOCKER_SCOUT_NAMES.scopeMap).toLowerCase());

    const expiry = new Date(Date.now() + 30 * 86_400_000);
    const p1 = await azure.passwords.generate(registry, 'scout-token', { name: 'password1', expiry });
    expect(p1.value).toBeInstanceOf(Secret);
    expect(JSON.stringify(p1)).not.toContain(p1.value.reveal());
    expect(p1).toMatchObject({ name: 'password1', username: 'scout-token' });
    expect(new Date(p1.expiry ?? 0).getTime()).toBe(expiry.getTime());
    const p2 = await azure.passwords.generate(registry, 'scout-token', { name: 'password2', expiry });
    const auth = (password: string) =>
      arm.state.authenticateToken({ loginServer: 'opsregistry.azurecr.io', tokenName: 'scout-token', password });
    expect(auth(p1.value.reveal()).ok).toBe(true);
    expect(auth(p2.value.reveal()).ok).toBe(true);

    const listed = await toArray(azure.tokens.list(registry));
    const seen = listed.find((t) => t.name === 'scout-token');
    expect(seen?.passwords.map((p) => p.name).sort()).toEqual(['password1', 'password2']);
    expect(JSON.stringify(listed)).not.toContain(p1.value.reveal());

    // PUT again (e.g. a reconcile) keeps the passwords; PATCH disables and drops one.
    await azure.tokens.createOrUpdate(registry, 'scout-token', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    expect(auth(p1.value.reveal()).ok).toBe(true);
    const disabled = await azure.tokens.update(registry, 'scout-token', {
      status: 'disabled',
      keepPasswords: ['password2'],
    });
    expect(disabled.status).toBe('disabled');
    expect(disabled.passwords.map((p) => p.name)).toEqual(['password2']);
    expect(auth(p2.value.reveal())).toEqual({ ok: false, reason: 'disabled' });
    expect((await azure.tokens.get(registry, 'scout-token')).status).toBe('disabled');

    await azure.tokens.delete(registry, 'scout-token');
    expect(auth(p2.value.reveal()).ok).toBe(false);
  });
});

describe('Event Grid', () => {
  it('creates the system topic and a subscription with every field, reads it back, gets the full URL', async () => {
    expect(await azure.systemTopics.findForRegistry(registry)).toBeUndefined();
    const topic = await azure.systemTopics.create(registry, DOCKER_SCOUT_NAMES.systemTopic);
    const regInfo = await azure.registries.get(registry);
    expect(topic).toMatchObject({ name: 'docker-scout-repository', source: regInfo.id, location: regInfo.location });
    expect((await azure.systemTopics.findForRegistry(regInfo))?.id).toBe(topic.id);
    expect((await azure.systemTopics.get(topic.id)).name).toBe(topic.name);
    expect((await toArray(azure.systemTopics.list())).map((t) => t.name)).toContain(topic.name);

    const url = webhook.urlWithSecret('hook-secret-ops-123');
    const spec = buildImageChangeSubscription(new Secret(url), {
      filter: {
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        enableAdvancedFilteringOnArrays: true,
        subjectBeginsWith: 'app',
        advancedFilters: [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['app'] }],
      },
      labels: ['scout-acr'],
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/dl',
        blobContainerName: 'deadletters',
      },
    });
    spec.destination.azureActiveDirectoryTenantId = '00000000-0000-0000-0000-00000000aaaa';
    spec.destination.azureActiveDirectoryApplicationIdOrUri = 'api://scout-acr';
    spec.destination.deliveryAttributeMappings = [
      { type: 'Static', name: 'x-scout-key', value: new Secret('static-attr-secret-1'), isSecret: true },
      { type: 'Dynamic', name: 'x-subject', sourceField: 'subject' },
    ];
    const validationsBefore = webhook.validations;
    const created = await azure.eventSubscriptions.createOrUpdate(topic, 'image-change', spec);
    expect(webhook.validations).toBeGreaterThan(validationsBefore);
    expect(created.provisioningState).toBe('Succeeded');
    expect(JSON.stringify(created)).not.toContain('hook-secret-ops-123');

    const stored = arm.state.eventSubscriptionsForRegistry(regInfo.id).find((s) => s.name === 'image-change');
    const props = stored?.properties as { destination: { properties: Record<string, unknown> } };
    expect(props.destination.properties).toMatchObject({
      endpointUrl: url,
      maxEventsPerBatch: 1,
      preferredBatchSizeInKilobytes: 64,
      azureActiveDirectoryTenantId: '00000000-0000-0000-0000-00000000aaaa',
      azureActiveDirectoryApplicationIdOrUri: 'api://scout-acr',
      deliveryAttributeMappings: [
        { name: 'x-scout-key', type: 'Static', properties: { isSecret: true } },
        { name: 'x-subject', type: 'Dynamic', properties: { sourceField: 'subject' } },
      ],
    });
    expect(props).toMatchObject({
      eventDeliverySchema: 'EventGridSchema',
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      labels: ['scout-acr'],
      filter: { subjectBeginsWith: 'app', enableAdvancedFilteringOnArrays: true },
      deadLetterDestination: { endpointType: 'StorageBlob' },
    });

    const got = await azure.eventSubscriptions.get(topic, 'image-change');
    expect(got.destination).toMatchObject({
      endpointType: 'WebHook',
      endpointBaseUrl: webhook.url,
      maxEventsPerBatch: 1,
    });
    expect(got.filter.advancedFilters).toHaveLength(1);
    expect(got.deadLetterDestination).toMatchObject({ endpointType: 'StorageBlob', blobContainerName: 'deadletters' });
    expect(JSON.stringify(got)).not.toContain('hook-secret-ops-123');
    const listed = await toArray(azure.eventSubscriptions.list(topic));
    expect(listed.map((s) => s.name)).toEqual(['image-change']);

    const full = await azure.eventSubscriptions.getFullUrl(topic, 'image-change');
    expect(full).toBeInstanceOf(Secret);
    expect(full.reveal()).toBe(url);
    expect(String(full)).not.toContain('hook-secret');

    const patched = await azure.eventSubscriptions.update(topic, 'image-change', { labels: ['patched'] });
    expect(patched.labels).toEqual(['patched']);
    expect(patched.retryPolicy.maxDeliveryAttempts).toBe(30);

    const state = await azure.describeRegistryIntegration(registry, { token: 'absent-token' });
    expect(state.systemTopic?.id).toBe(topic.id);
    expect(state.eventSubscription?.name).toBe('image-change');

    await azure.eventSubscriptions.delete(topic, 'image-change');
    expect(await toArray(azure.eventSubscriptions.list(topic))).toEqual([]);
    await azure.systemTopics.delete(topic);
    expect(await azure.systemTopics.findForRegistry(registry)).toBeUndefined();
  });
});

describe('deleteById', () => {
  it('deletes tokens, scope maps, topics and subscriptions by ARM id, idempotently', async () => {
    const map = await azure.scopeMaps.createOrUpdate(registry, 'byid-map', {
      actions: ['repositories/x/content/read'],
    });
    const token = await azure.tokens.createOrUpdate(registry, 'byid-token', { scopeMap: map.id });
    const topic = await azure.systemTopics.create(registry, 'byid-topic');
    const sub = await azure.eventSubscriptions.createOrUpdate(
      topic,
      'byid-sub',
      buildImageChangeSubscription(webhook.url),
    );
    for (const id of [sub.id, topic.id, token.id, map.id]) {
      await azure.deleteById(id);
      await azure.deleteById(id);
    }
    const state = await azure.describeRegistryIntegration(registry);
    expect(state.tokens.map((t) => t.name)).not.toContain('byid-token');
    expect(state.scopeMaps.map((m) => m.name)).not.toContain('byid-map');
    expect(state.systemTopic).toBeUndefined();
    await expect(azure.deleteById(state.registry?.id ?? '')).rejects.toMatchObject({ code: 'UnsupportedResourceId' });
  });
});
