/** Raw ARM traffic for Microsoft.EventGrid: system topics, event subscriptions, the validation handshake. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { call, EG_API, paths, pollUntilDone } from './helpers/raw.js';
import { startWebhook, type TestWebhook } from './helpers/webhook.js';

const TOPIC_TYPE = 'Microsoft.ContainerRegistry.Registries';

/** Docker's template subscription (reference/docker-scout-acr-arm-template.json) plus extras. */
function dockerSubscription(endpointUrl: string): Record<string, unknown> {
  return {
    properties: {
      destination: {
        endpointType: 'WebHook',
        properties: {
          endpointUrl,
          maxEventsPerBatch: 1,
          preferredBatchSizeInKilobytes: 64,
          azureActiveDirectoryTenantId: '00000000-0000-0000-0000-0000000000aa',
          azureActiveDirectoryApplicationIdOrUri: 'api://scout-acr',
          deliveryAttributeMappings: [
            { name: 'x-static', type: 'Static', properties: { value: 'plain', isSecret: false } },
            { name: 'x-secret', type: 'Static', properties: { value: 'hush-hush', isSecret: true } },
            { name: 'x-dynamic', type: 'Dynamic', properties: { sourceField: 'data.target.repository' } },
          ],
        },
      },
      eventDeliverySchema: 'EventGridSchema',
      filter: {
        enableAdvancedFilteringOnArrays: true,
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        subjectBeginsWith: 'app',
        advancedFilters: [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['app'] }],
      },
      labels: [],
      retryPolicy: { eventTimeToLiveInMinutes: 1440, maxDeliveryAttempts: 30 },
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        properties: {
          resourceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
          blobContainerName: 'dl',
        },
      },
    },
  };
}

describe('ARM emulator: event grid', () => {
  let arm: ArmEmulator;
  let hook: TestWebhook;
  let p: ReturnType<typeof paths>;
  let registryId: string;

  beforeAll(async () => {
    arm = await startArmEmulator({ recordDir: '', handshakeTimeoutMs: 2_000 });
    hook = await startWebhook();
    registryId = arm.state.createRegistry({ resourceGroup: 'rg', name: 'eventsregistry' }).id;
    arm.state.createRegistry({ resourceGroup: 'rg', name: 'otherregistry' });
    p = paths(arm, 'rg', 'eventsregistry');
  });
  afterAll(async () => {
    await hook?.close();
    await arm?.close();
  });
  beforeEach(() => {
    hook.mode = 'echo';
    hook.calls.length = 0;
  });

  async function createTopic(name: string, source = registryId) {
    return call(arm, 'PUT', p.topic(name), {
      apiVersion: EG_API,
      body: { location: 'westus', tags: { owner: 'scout' }, properties: { source, topicType: TOPIC_TYPE } },
    });
  }

  it('creates a system topic through an LRO and allows only one per source', async () => {
    const put = await createTopic('docker-scout-repository');
    expect(put.status).toBe(201);
    expect(put.body.properties).toMatchObject({
      provisioningState: 'Creating',
      source: registryId,
      topicType: TOPIC_TYPE,
    });
    expect(put.body.properties.metricResourceId).toMatch(/^[0-9a-f-]{36}$/);
    const statusUrl = put.headers.get('azure-asyncoperation')!;
    expect(statusUrl).toContain('/providers/Microsoft.EventGrid/locations/westus/operationsStatus/');
    expect((await pollUntilDone(arm, statusUrl)).at(-1)!.body.status).toBe('Succeeded');
    const second = await createTopic('another-topic');
    expect([second.status, second.body.error.code]).toEqual([400, 'InvalidRequest']);
    expect(second.body.error.message).toContain('Only one system topic is allowed per source');
    const same = await createTopic('docker-scout-repository');
    expect([same.status, same.body.properties.provisioningState]).toEqual([200, 'Succeeded']);
    const moved = await createTopic(
      'docker-scout-repository',
      `${p.sub}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/otherregistry`,
    );
    expect(moved.body.error.message).toBe('System topic source cannot be modified.');
    const noSource = await createTopic(
      'orphan-topic',
      `${p.sub}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/ghost`,
    );
    expect(noSource.status).toBe(400);
    const bySub = await call(arm, 'GET', `${p.sub}/providers/Microsoft.EventGrid/systemTopics`, { apiVersion: EG_API });
    expect(bySub.body.value.map((t: { name: string }) => t.name)).toEqual(['docker-scout-repository']);
    const byRg = await call(arm, 'GET', p.topics, { apiVersion: EG_API });
    expect(byRg.body.value[0]).toMatchObject({
      tags: { owner: 'scout' },
      location: 'westus',
      type: 'Microsoft.EventGrid/systemTopics',
    });
    const patch = await call(arm, 'PATCH', p.topic('docker-scout-repository'), {
      apiVersion: EG_API,
      body: { tags: { owner: 'ops' } },
    });
    expect(patch.status).toBe(201);
    await pollUntilDone(arm, patch.headers.get('azure-asyncoperation')!);
    expect((await call(arm, 'GET', p.topic('docker-scout-repository'), { apiVersion: EG_API })).body.tags).toEqual({
      owner: 'ops',
    });
    const wrongVersion = await call(arm, 'GET', p.topics, { apiVersion: '2022-06-15' });
    expect([wrongVersion.status, wrongVersion.body.error.code]).toEqual([400, 'NoRegisteredProviderFound']);
  });

  it('creates a subscription: 201 + Azure-AsyncOperation, real handshake, write-only endpointUrl', async () => {
    const endpointUrl = `${hook.url}/eventgrid?code=s3cr3t-value`;
    const put = await call(arm, 'PUT', p.eventSub('docker-scout-repository', 'image-change'), {
      apiVersion: EG_API,
      body: dockerSubscription(endpointUrl),
    });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    expect(JSON.stringify(put.body)).not.toContain('s3cr3t-value');
    const polls = await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!);
    expect(polls.at(-1)!.body.status).toBe('Succeeded');

    const validation = hook.calls.find((c) => c.method === 'POST')!;
    expect(validation.headers['aeg-event-type']).toBe('SubscriptionValidation');
    expect(validation.url).toBe('/eventgrid?code=s3cr3t-value');
    const event = (validation.body as unknown[])[0];
    expect(event).toMatchObject({
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      topic: p.topic('docker-scout-repository'),
      data: {
        validationCode: expect.any(String),
        validationUrl: expect.stringContaining('/_emulator/eventgrid/validate'),
      },
    });

    const get = await call(arm, 'GET', p.eventSub('docker-scout-repository', 'image-change'), { apiVersion: EG_API });
    expect(get.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      topic: p.topic('docker-scout-repository'),
      eventDeliverySchema: 'EventGridSchema',
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      filter: { enableAdvancedFilteringOnArrays: true, subjectBeginsWith: 'app', isSubjectCaseSensitive: false },
      destination: {
        endpointType: 'WebHook',
        properties: {
          endpointBaseUrl: `${hook.url}/eventgrid`,
          maxEventsPerBatch: 1,
          preferredBatchSizeInKilobytes: 64,
          azureActiveDirectoryApplicationIdOrUri: 'api://scout-acr',
        },
      },
      deadLetterDestination: { endpointType: 'StorageBlob' },
    });
    expect(get.body.properties.destination.properties).not.toHaveProperty('endpointUrl');
    expect(JSON.stringify(get.body)).not.toContain('hush-hush');
    const list = await call(arm, 'GET', `${p.topic('docker-scout-repository')}/eventSubscriptions`, {
      apiVersion: EG_API,
    });
    expect(JSON.stringify(list.body)).not.toContain('s3cr3t-value');
    expect(list.body.value).toHaveLength(1);

    const full = await call(arm, 'POST', `${p.eventSub('docker-scout-repository', 'image-change')}/getFullUrl`, {
      apiVersion: EG_API,
    });
    expect(full.body).toEqual({ endpointUrl });
    const attrs = await call(
      arm,
      'POST',
      `${p.eventSub('docker-scout-repository', 'image-change')}/getDeliveryAttributes`,
      {
        apiVersion: EG_API,
      },
    );
    expect(attrs.body.value.map((a: { name: string }) => a.name)).toEqual(['x-static', 'x-secret', 'x-dynamic']);
    expect(attrs.body.value[1].properties.value).toBe('hush-hush');

    const forDelivery = arm.state.eventSubscriptionsForRegistry(registryId);
    expect(forDelivery).toHaveLength(1);
    expect(forDelivery[0]!.properties).toMatchObject({
      destination: { properties: { endpointUrl } },
      filter: {
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
      },
    });
    const viaControl = await call(
      arm,
      'GET',
      `/_emulator/event-subscriptions?registryId=${encodeURIComponent(registryId)}`,
      { auth: null },
    );
    expect(viaControl.body[0].name).toBe('image-change');
  });

  it('re-validates only when the endpoint URL changes', async () => {
    const path = p.eventSub('docker-scout-repository', 'image-change');
    const filterOnly = await call(arm, 'PATCH', path, { apiVersion: EG_API, body: { labels: ['scout'] } });
    expect([filterOnly.status, filterOnly.body.properties.provisioningState]).toEqual([201, 'Updating']);
    await pollUntilDone(arm, filterOnly.headers.get('azure-asyncoperation')!);
    expect(hook.calls).toHaveLength(0);

    const newUrl = `${hook.url}/eventgrid?code=rotated`;
    const body = dockerSubscription(newUrl);
    const put = await call(arm, 'PUT', path, { apiVersion: EG_API, body });
    expect([put.status, put.body.properties.provisioningState]).toEqual([201, 'Updating']);
    await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!);
    expect(hook.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    const full = await call(arm, 'POST', `${path}/getFullUrl`, { apiVersion: EG_API });
    expect(full.body.endpointUrl).toBe(newUrl);
  });

  it('fails the LRO with Url validation when the webhook does not echo the code, keeping the old setup', async () => {
    const path = p.eventSub('docker-scout-repository', 'image-change');
    const before = (await call(arm, 'POST', `${path}/getFullUrl`, { apiVersion: EG_API })).body.endpointUrl;
    hook.mode = 'wrong-code';
    const put = await call(arm, 'PUT', path, {
      apiVersion: EG_API,
      body: dockerSubscription(`${hook.url}/other?code=zzz`),
    });
    const final = (await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!)).at(-1)!;
    expect(final.body.status).toBe('Failed');
    expect(final.body.error.code).toBe('Url validation');
    expect(final.body.error.details[0].code).toBe('Url validation');
    expect(final.body.error.message).toContain('aka.ms/esvalidation');
    expect(final.body.error.message).not.toContain('zzz');
    const after = await call(arm, 'GET', path, { apiVersion: EG_API });
    expect(after.body.properties.provisioningState).toBe('Succeeded');
    expect((await call(arm, 'POST', `${path}/getFullUrl`, { apiVersion: EG_API })).body.endpointUrl).toBe(before);
  });

  it.each([
    ['status-500', '500'],
    ['silent-200', 'OK (no validationResponse)'],
  ] as const)('a new subscription whose webhook answers %s fails and leaves nothing behind', async (mode, code) => {
    hook.mode = mode;
    const path = p.eventSub('docker-scout-repository', `failing-${mode}`);
    const put = await call(arm, 'PUT', path, { apiVersion: EG_API, body: dockerSubscription(`${hook.url}/x`) });
    expect(put.status).toBe(201);
    const final = (await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!, 40)).at(-1)!;
    expect(final.body.status).toBe('Failed');
    expect(final.body.error.message).toContain(`response code ${code}`);
    expect((await call(arm, 'GET', path, { apiVersion: EG_API })).status).toBe(404);
  });

  it('fails validation when nothing listens on the endpoint', async () => {
    const put = await call(arm, 'PUT', p.eventSub('docker-scout-repository', 'unreachable'), {
      apiVersion: EG_API,
      body: dockerSubscription('http://127.0.0.1:9/none'),
    });
    const final = (await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!, 40)).at(-1)!;
    expect(final.body.error).toMatchObject({ code: 'Url validation' });
    expect(final.body.error.message).toContain('response code Unknown');
  });

  it('accepts manual validation through validationUrl', async () => {
    hook.mode = 'manual';
    const put = await call(arm, 'PUT', p.eventSub('docker-scout-repository', 'manual-sub'), {
      apiVersion: EG_API,
      body: dockerSubscription(`${hook.url}/manual`),
    });
    expect((await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!, 40)).at(-1)!.body.status).toBe(
      'Succeeded',
    );
  });

  it('validates CloudEvents subscriptions with the OPTIONS abuse-protection check', async () => {
    const body = dockerSubscription(`${hook.url}/ce`);
    (body.properties as Record<string, unknown>).eventDeliverySchema = 'CloudEventSchemaV1_0';
    hook.mode = 'cloudevents';
    const ok = await call(arm, 'PUT', p.eventSub('docker-scout-repository', 'cloud-ok'), { apiVersion: EG_API, body });
    expect((await pollUntilDone(arm, ok.headers.get('azure-asyncoperation')!)).at(-1)!.body.status).toBe('Succeeded');
    const options = hook.calls.find((c) => c.method === 'OPTIONS')!;
    expect(options.headers['webhook-request-origin']).toBe('eventgrid.azure.net');
    hook.mode = 'no-origin';
    const bad = await call(arm, 'PUT', p.eventSub('docker-scout-repository', 'cloud-bad'), {
      apiVersion: EG_API,
      body,
    });
    expect((await pollUntilDone(arm, bad.headers.get('azure-asyncoperation')!)).at(-1)!.body.status).toBe('Failed');
  });

  it('rejects plain http endpoints that are not loopback and malformed properties', async () => {
    const path = p.eventSub('docker-scout-repository', 'bad-sub');
    const http = await call(arm, 'PUT', path, {
      apiVersion: EG_API,
      body: dockerSubscription('http://example.com/hook'),
    });
    expect([http.status, http.body.error.code]).toEqual([400, 'InvalidRequest']);
    const body = dockerSubscription(`${hook.url}/x`);
    (body.properties as Record<string, unknown>).retryPolicy = { maxDeliveryAttempts: 31 };
    expect((await call(arm, 'PUT', path, { apiVersion: EG_API, body })).status).toBe(400);
    const noParent = await call(arm, 'PUT', p.eventSub('no-such-topic', 'sub'), {
      apiVersion: EG_API,
      body: dockerSubscription(`${hook.url}/x`),
    });
    expect([noParent.status, noParent.body.error.code]).toEqual([404, 'ParentResourceNotFound']);
  });

  it('pages subscriptions with $top and nextLink', async () => {
    const first = await call(arm, 'GET', `${p.topic('docker-scout-repository')}/eventSubscriptions?$top=1`, {
      apiVersion: EG_API,
    });
    expect(first.body.value).toHaveLength(1);
    expect(new URL(first.body.nextLink).searchParams.get('$skiptoken')).toBe('1');
    const second = await call(arm, 'GET', first.body.nextLink);
    expect(second.body.value[0].name).not.toBe(first.body.value[0].name);
  });

  it('deletes subscriptions and topics with 202 LROs, and 204 when already gone', async () => {
    const subPath = p.eventSub('docker-scout-repository', 'image-change');
    const del = await call(arm, 'DELETE', subPath, { apiVersion: EG_API });
    expect(del.status).toBe(202);
    expect(del.headers.get('location')).toContain('/operationResults/');
    expect((await pollUntilDone(arm, del.headers.get('azure-asyncoperation')!)).at(-1)!.body.status).toBe('Succeeded');
    expect((await call(arm, 'GET', subPath, { apiVersion: EG_API })).status).toBe(404);
    expect((await call(arm, 'DELETE', subPath, { apiVersion: EG_API })).status).toBe(204);
    const delTopic = await call(arm, 'DELETE', p.topic('docker-scout-repository'), { apiVersion: EG_API });
    expect(delTopic.status).toBe(202);
    expect((await pollUntilDone(arm, delTopic.headers.get('location')!)).map((r) => r.status)).toEqual([202, 204]);
    expect((await call(arm, 'GET', p.topic('docker-scout-repository'), { apiVersion: EG_API })).status).toBe(404);
    expect(arm.state.eventSubscriptionsForRegistry(registryId)).toEqual([]);
    expect((await createTopic('fresh-topic')).status).toBe(201);
  });
});
