/** LRO shapes, typed errors, throttling, the webhook handshake and idempotent deletes against the emulator. */

import { Secret } from '@scout-acr/sdk';
import {
  type AzureAcrClient,
  AzureParentResourceNotFoundError,
  AzureResourceGroupNotFoundError,
  AzureResourceNotFoundError,
  AzureThrottledError,
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
  SystemTopicConflictError,
  WebhookHandshakeError,
} from '@scout-acr/sdk/azure';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { clientFor, startWebhook, type TestWebhook } from './helpers.js';

let arm: ArmEmulator;
let azure: AzureAcrClient;
let good: TestWebhook;
let wrong: TestWebhook;
const registry = { resourceGroup: 'rg-lro', name: 'lroregistry' };

beforeAll(async () => {
  arm = await startArmEmulator({ lro: { pollsBeforeDone: 2 } });
  arm.state.ensureResourceGroup('rg-lro');
  arm.state.createRegistry(registry);
  azure = clientFor(arm);
  good = await startWebhook('ok');
  wrong = await startWebhook('wrong');
});

afterAll(async () => {
  await good?.close();
  await wrong?.close();
  await arm?.close();
});

beforeEach(() => {
  arm.faults.clear();
  arm.resetRequests();
});

const lower = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('long-running operations', () => {
  it('waits out 201 + Azure-AsyncOperation (token create) by polling the status URL', async () => {
    await azure.tokens.createOrUpdate(registry, 'lro-token', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    const [put, ...polls] = arm.requests;
    expect(put?.operationId).toBe('Tokens_Create');
    expect(put?.response.statusCode).toBe(201);
    expect(lower(put?.response.headers ?? {})['azure-asyncoperation']).toBeDefined();
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.every((p) => p.request.method === 'GET')).toBe(true);
  });

  it('waits out 202 + Location (delete, generateCredentials) until the result', async () => {
    await azure.tokens.createOrUpdate(registry, 'lro-token2', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    arm.resetRequests();
    const password = await azure.passwords.generate(registry, 'lro-token2', {
      name: 'password1',
      expiry: new Date(Date.now() + 86_400_000),
    });
    const gen = arm.requests.find((r) => r.operationId === 'Registries_GenerateCredentials');
    expect(gen?.response.statusCode).toBe(202);
    expect(lower(gen?.response.headers ?? {}).location).toBeDefined();
    expect(password.value.reveal().length).toBeGreaterThan(20);
    arm.resetRequests();
    await azure.tokens.delete(registry, 'lro-token2');
    const del = arm.requests[0];
    expect(del?.operationId).toBe('Tokens_Delete');
    expect(del?.response.statusCode).toBe(202);
    expect(lower(del?.response.headers ?? {}).location).toBeDefined();
    expect(arm.requests.at(-1)?.response.statusCode).toBeLessThan(300);
  });

  it('accepts a synchronous 200 (update of an existing resource, or a synchronous emulator)', async () => {
    await azure.tokens.createOrUpdate(registry, 'lro-token3', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    arm.resetRequests();
    const again = await azure.tokens.createOrUpdate(registry, 'lro-token3', {
      scopeMap: DOCKER_SCOUT_NAMES.scopeMap,
      status: 'disabled',
    });
    expect(arm.requests).toHaveLength(1);
    expect(arm.requests[0]?.response.statusCode).toBe(200);
    expect(again.status).toBe('disabled');

    const sync = await startArmEmulator({ lro: { synchronous: true } });
    try {
      sync.state.ensureResourceGroup('rg');
      sync.state.createRegistry({ resourceGroup: 'rg', name: 'syncregistry' });
      const client = clientFor(sync);
      await client.tokens.createOrUpdate({ resourceGroup: 'rg', name: 'syncregistry' }, 'sync-token', {
        scopeMap: DOCKER_SCOUT_NAMES.scopeMap,
      });
      const pw = await client.passwords.generate({ resourceGroup: 'rg', name: 'syncregistry' }, 'sync-token', {
        name: 'password2',
      });
      await client.tokens.delete({ resourceGroup: 'rg', name: 'syncregistry' }, 'sync-token');
      expect(sync.requests.map((r) => r.response.statusCode)).toEqual([200, 200, 200]);
      expect(pw.name).toBe('password2');
    } finally {
      await sync.close();
    }
  });
});

describe('typed errors', () => {
  it('tells the three 404 kinds apart and carries the request id', async () => {
    const missing = await azure.tokens.get(registry, 'nope-token').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AzureResourceNotFoundError);
    expect(missing).toMatchObject({ kind: 'resource', status: 404, transient: false });
    expect((missing as AzureResourceNotFoundError).requestId).toBe(
      lower(arm.requests.at(-1)?.response.headers ?? {})['x-ms-request-id'],
    );
    expect((missing as AzureResourceNotFoundError).requestId).toBeTruthy();

    const parent = await azure.tokens
      .get({ resourceGroup: 'rg-lro', name: 'ghostregistry' }, 'tok')
      .catch((e: unknown) => e);
    expect(parent).toBeInstanceOf(AzureParentResourceNotFoundError);
    const group = await azure.registries.get({ resourceGroup: 'rg-missing', name: 'x' }).catch((e: unknown) => e);
    expect(group).toBeInstanceOf(AzureResourceGroupNotFoundError);
    expect((group as AzureResourceGroupNotFoundError).code).toBe('ResourceGroupNotFound');
  });

  it('rejects an invalid token name with ARM code, message and target', async () => {
    const invalid = await azure.tokens
      .createOrUpdate(registry, 'bad_name', { scopeMap: DOCKER_SCOUT_NAMES.scopeMap })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'AzureInvalidRequestError', status: 400, transient: false });
    expect((invalid as Error).message.length).toBeGreaterThan(0);
  });

  it('honours Retry-After of a 429 and then succeeds', async () => {
    arm.faults.add({ match: { operationId: 'Registries_Get' }, kind: 'throttle', retryAfterSeconds: 1, times: 1 });
    await azure.registries.get(registry);
    const gets = arm.requests.filter((r) => r.operationId === 'Registries_Get');
    expect(gets.map((g) => g.response.statusCode)).toEqual([429, 200]);
    const [first, second] = gets;
    expect((second?.startedAt ?? 0) - ((first?.startedAt ?? 0) + (first?.durationMs ?? 0))).toBeGreaterThanOrEqual(990);
  });

  it('surfaces a Retry-After beyond maxRetryAfterMs as AzureThrottledError without sleeping through it', async () => {
    arm.faults.add({ match: { operationId: 'Registries_Get' }, kind: 'throttle', retryAfterSeconds: 3600, times: 1 });
    const error = await azure.registries.get(registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureThrottledError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000, transient: true, status: 429 });
    expect(arm.requests.filter((r) => r.operationId === 'Registries_Get')).toHaveLength(1);
  });

  it('reports a failed webhook handshake as WebhookHandshakeError without the secret', async () => {
    const topic = await azure.systemTopics.create(registry, 'hs-topic');
    try {
      const url = wrong.urlWithSecret('handshake-secret-987');
      const error = await azure.eventSubscriptions
        .createOrUpdate(topic, 'image-change', buildImageChangeSubscription(new Secret(url)))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookHandshakeError);
      expect(error).toMatchObject({
        code: 'Url validation',
        transient: false,
        operation: 'eventSubscriptions.createOrUpdate',
      });
      expect((error as WebhookHandshakeError).requestId).toBeTruthy();
      expect(JSON.stringify(error)).not.toContain('handshake-secret-987');
      expect((error as Error).message).not.toContain('handshake-secret-987');
      expect(wrong.validations).toBeGreaterThan(0);
    } finally {
      await azure.systemTopics.delete(topic);
    }
  });

  it('reports a second system topic for the same registry as SystemTopicConflictError naming the first', async () => {
    const first = await azure.systemTopics.create(registry, 'first-topic');
    try {
      const error = await azure.systemTopics.create(registry, 'second-topic').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SystemTopicConflictError);
      expect((error as SystemTopicConflictError).existingTopicId).toBe(first.id);
      expect((error as SystemTopicConflictError).status).toBe(400);
      // Creating the same topic again is an idempotent update, not a conflict.
      expect((await azure.systemTopics.create(registry, 'first-topic')).id).toBe(first.id);
    } finally {
      await azure.systemTopics.delete(first);
    }
  });
});

describe('idempotent deletes', () => {
  it('treats a resource, its parent or its resource group being gone as success', async () => {
    await azure.tokens.delete(registry, 'never-existed');
    await azure.scopeMaps.delete(registry, 'never-existed');
    await azure.tokens.delete({ resourceGroup: 'rg-lro', name: 'ghostregistry' }, 'tok');
    await azure.tokens.delete({ resourceGroup: 'rg-missing', name: 'ghostregistry' }, 'tok');
    await azure.systemTopics.delete({ resourceGroup: 'rg-lro', name: 'never-topic' });
    await azure.eventSubscriptions.delete({ resourceGroup: 'rg-lro', name: 'never-topic' }, 'sub');
    expect(arm.requests.every((r) => r.response.statusCode < 500)).toBe(true);
  });
});

describe('describeRegistryIntegration', () => {
  it('reads the whole integration in 5 calls, 4 of them in parallel, and reports a missing registry', async () => {
    await azure.tokens.createOrUpdate(registry, DOCKER_SCOUT_NAMES.token, { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
    await azure.passwords.generate(registry, DOCKER_SCOUT_NAMES.token, {
      name: 'password1',
      expiry: new Date(Date.now() + 86_400_000),
    });
    const topic = await azure.systemTopics.create(registry, DOCKER_SCOUT_NAMES.systemTopic);
    await azure.eventSubscriptions.createOrUpdate(
      topic,
      DOCKER_SCOUT_NAMES.eventSubscription,
      buildImageChangeSubscription(good.url),
    );
    arm.resetRequests();
    // Slow the registry GET down: the other three round-1 lists must start while it is still in flight.
    arm.faults.add({ match: { operationId: 'Registries_Get' }, kind: 'latency', latencyMs: 500, times: 1 });

    const state = await azure.describeRegistryIntegration(registry);
    expect(arm.requests.map((r) => r.operationId).sort()).toEqual(
      [
        'Registries_Get',
        'ScopeMaps_List',
        'SystemTopicEventSubscriptions_ListBySystemTopic',
        'SystemTopics_ListByResourceGroup',
        'Tokens_List',
      ].sort(),
    );
    expect(state.calls).toBe(5);
    const byOp = (op: string) => arm.requests.find((r) => r.operationId === op);
    const get = byOp('Registries_Get');
    const getEnds = (get?.startedAt ?? 0) + (get?.durationMs ?? 0);
    for (const op of ['Tokens_List', 'ScopeMaps_List', 'SystemTopics_ListByResourceGroup']) {
      expect(byOp(op)?.startedAt ?? Number.POSITIVE_INFINITY).toBeLessThan(getEnds);
    }
    const topicsList = byOp('SystemTopics_ListByResourceGroup');
    expect(byOp('SystemTopicEventSubscriptions_ListBySystemTopic')?.startedAt).toBeGreaterThanOrEqual(
      (topicsList?.startedAt ?? 0) + (topicsList?.durationMs ?? 0) - 1,
    );
    expect(state.token).toMatchObject({ name: DOCKER_SCOUT_NAMES.token, status: 'enabled' });
    expect(state.token?.passwords.map((p) => p.name)).toEqual(['password1']);
    expect(state.token?.passwords[0]?.expiry).toBeDefined();
    expect(state.scopeMap).toMatchObject({ name: DOCKER_SCOUT_NAMES.scopeMap, builtIn: true });
    expect(state.systemTopic?.id).toBe(topic.id);
    expect(state.eventSubscription).toMatchObject({ name: 'image-change', provisioningState: 'Succeeded' });

    const missing = await azure.describeRegistryIntegration({ resourceGroup: 'rg-lro', name: 'ghostregistry' });
    expect(missing.registry).toBeUndefined();
    await azure.systemTopics.delete(topic);
    await azure.tokens.delete(registry, DOCKER_SCOUT_NAMES.token);
  });
});
