/**
 * Event Grid delivery against the ARM emulator: subscriptions are created through ARM (the emulator runs the real
 * validation handshake against a local webhook), then registry notifications come in and the webhook receives
 * what Azure would send — per filter, schema, batch size, delivery attributes and retry policy.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import {
  type EventGridDelivery,
  failTimes,
  REGISTRY_EVENTS_MEDIA_TYPE,
  type ReceivedNotification,
  type RegistryEvent,
  startEventGridDelivery,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../harness/eventgrid/index.js';
import { EventGridArm, webhookSubscription } from './arm.js';

const RESOURCE_GROUP = 'rg-eventgrid-e2e';
const LOGIN_SERVER = '127.0.0.1:5999'; // notifications are posted by the test itself; no registry listens here
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

let emulator: ArmEmulator;
let delivery: EventGridDelivery;
let receiver: WebhookReceiver;
let arm: EventGridArm;
let registryId: string;
const created: string[] = [];

function manifestPush(repository: string, tag: string | undefined): RegistryEvent {
  const digest = `sha256:${randomUUID().replaceAll('-', '').padEnd(64, '0')}`;
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    action: 'push',
    target: {
      mediaType: MANIFEST,
      size: 700,
      digest,
      length: 700,
      repository,
      url: `https://${LOGIN_SERVER}/v2/${repository}/manifests/${digest}`,
      ...(tag === undefined ? {} : { tag }),
    },
    request: { id: randomUUID(), addr: '127.0.0.1:40000', host: LOGIN_SERVER, method: 'PUT', useragent: 'skopeo/1.13' },
    actor: {},
    source: { addr: 'localhost:5000', instanceID: randomUUID() },
  };
}

async function notify(...events: RegistryEvent[]): Promise<void> {
  const response = await fetch(delivery.notificationUrl, {
    method: 'POST',
    headers: { 'Content-Type': REGISTRY_EVENTS_MEDIA_TYPE },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(200);
}

/** Creates a subscription through ARM; its webhook path is `/hook/<name>`. */
async function subscribe(name: string, overrides: Parameters<typeof webhookSubscription>[1] = {}): Promise<void> {
  const handshakes = receiver.handshakes;
  await arm.createSubscription(name, webhookSubscription(`${receiver.url}/${name}`, overrides));
  created.push(name);
  expect(receiver.handshakes).toBe(handshakes + 1);
}

function receivedBy(name: string): ReceivedNotification[] {
  return receiver.notifications.filter((n) => n.path === `/hook/${name}`);
}

beforeAll(async () => {
  emulator = await startArmEmulator();
  emulator.state.ensureResourceGroup(RESOURCE_GROUP);
  registryId = emulator.state.createRegistry({
    resourceGroup: RESOURCE_GROUP,
    name: 'contoso',
    loginServer: LOGIN_SERVER,
  }).id;
  delivery = await startEventGridDelivery({ emulator, timeScale: 0.001, attemptTimeoutMs: 10_000 });
  receiver = await startWebhookReceiver();
  arm = new EventGridArm(emulator, RESOURCE_GROUP, 'docker-scout-repository');
  await arm.createSystemTopic(registryId);
});

afterEach(async () => {
  for (const name of created.splice(0)) await arm.deleteSubscription(name);
  receiver.notifications.length = 0;
  receiver.setResponder(() => 200);
  delivery.log.clear();
});

afterAll(async () => {
  await delivery?.close();
  await receiver?.close();
  await emulator?.close();
});

describe('Event Grid delivery through ARM subscriptions', () => {
  it("delivers ImagePushed to Docker's image-change subscription, with Azure's headers", async () => {
    await subscribe('image-change');
    await notify(manifestPush('app', 'v1'));
    await delivery.flush();
    const [received] = receivedBy('image-change');
    expect(received?.headers).toMatchObject({
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': 'IMAGE-CHANGE',
      'aeg-delivery-count': '0',
      'aeg-data-version': '2.0',
      'aeg-metadata-version': '1',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(received?.parsed.events).toHaveLength(1);
    expect(received?.parsed.events[0]).toMatchObject({
      type: 'Microsoft.ContainerRegistry.ImagePushed',
      source: registryId,
      subject: 'app:v1',
      data: { action: 'push', location: 'westus', target: { repository: 'app', tag: 'v1', mediaType: MANIFEST } },
    });
  });

  it('applies subject, event type and advanced filters per subscription', async () => {
    await subscribe('releases', {
      filter: {
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed'],
        subjectBeginsWith: 'team/',
        advancedFilters: [{ operatorType: 'StringNotIn', key: 'data.target.tag', values: ['latest'] }],
      },
    });
    await subscribe('deletes-only', { filter: { includedEventTypes: ['Microsoft.ContainerRegistry.ImageDeleted'] } });
    await subscribe('case-sensitive', { filter: { subjectBeginsWith: 'TEAM/', isSubjectCaseSensitive: true } });
    await notify(manifestPush('team/api', 'v2'), manifestPush('team/api', 'latest'), manifestPush('other', 'v2'));
    await delivery.flush();
    expect(receivedBy('releases').map((n) => n.parsed.events[0]?.subject)).toEqual(['team/api:v2']);
    expect(receivedBy('deletes-only')).toEqual([]);
    expect(receivedBy('case-sensitive')).toEqual([]);
  });

  it('delivers CloudEvents 1.0 (handshake by OPTIONS), single and batched', async () => {
    await subscribe('ce-single', { eventDeliverySchema: 'CloudEventSchemaV1_0', filter: {} });
    await subscribe('ce-batch', {
      eventDeliverySchema: 'CloudEventSchemaV1_0',
      filter: {},
      destination: { maxEventsPerBatch: 10 },
    });
    await subscribe('eg-batch', { filter: {}, destination: { maxEventsPerBatch: 2 } });
    await notify(manifestPush('app', 'a'), manifestPush('app', 'b'), manifestPush('app', 'c'));
    await delivery.flush();
    const single = receivedBy('ce-single');
    expect(single).toHaveLength(3);
    expect(single.map((n) => n.headers['content-type'])).toEqual(
      Array(3).fill('application/cloudevents+json; charset=utf-8'),
    );
    expect(JSON.parse(single[0]?.rawBody ?? '')).toMatchObject({ specversion: '1.0', source: registryId });
    const batch = receivedBy('ce-batch');
    expect(batch).toHaveLength(1);
    expect(batch[0]?.headers['content-type']).toBe('application/cloudevents-batch+json; charset=utf-8');
    expect(batch[0]?.parsed.events.map((e) => e.subject)).toEqual(['app:a', 'app:b', 'app:c']);
    expect(receivedBy('eg-batch').map((n) => n.parsed.events.length)).toEqual([2, 1]);
  });

  it('sends delivery attribute mappings as headers', async () => {
    await subscribe('attributes', {
      destination: {
        deliveryAttributeMappings: [
          { name: 'X-Scout-Source', type: 'Static', properties: { value: 'acr', isSecret: false } },
          { name: 'X-Scout-Repository', type: 'Dynamic', properties: { sourceField: 'data.target.repository' } },
        ],
      },
    });
    await notify(manifestPush('mapped/repo', 'v1'));
    await delivery.flush();
    expect(receivedBy('attributes')[0]?.headers).toMatchObject({
      'x-scout-source': 'acr',
      'x-scout-repository': 'mapped/repo',
    });
  });

  it('retries a webhook that fails three times: the 4th attempt succeeds with aeg-delivery-count 3', async () => {
    await subscribe('flaky');
    receiver.setResponder(failTimes(3, 500));
    await notify(manifestPush('app', 'retry'));
    await delivery.flush();
    const attempts = receivedBy('flaky');
    expect(attempts.map((n) => [n.headers['aeg-delivery-count'], n.status])).toEqual([
      ['0', 500],
      ['1', 500],
      ['2', 500],
      ['3', 200],
    ]);
    expect(new Set(attempts.map((n) => n.parsed.events[0]?.id)).size).toBe(1);
    expect(delivery.log.attemptsFor('flaky').map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
  });

  it('does not retry a 400', async () => {
    await subscribe('rejects');
    receiver.setResponder(() => 400);
    await notify(manifestPush('app', 'bad'));
    await delivery.flush();
    expect(receivedBy('rejects')).toHaveLength(1);
    expect(delivery.log.deadLetters).toMatchObject([
      { subscription: 'rejects', reason: 'NonRetriableError', lastStatus: 400 },
    ]);
  });

  it('gives up after maxDeliveryAttempts, or when the time to live runs out', async () => {
    await subscribe('max-attempts', { retryPolicy: { maxDeliveryAttempts: 3, eventTimeToLiveInMinutes: 1440 } });
    await subscribe('short-ttl', { retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1 } });
    receiver.setResponder(() => 503);
    await notify(manifestPush('app', 'doomed'));
    await delivery.flush();
    expect(receivedBy('max-attempts')).toHaveLength(3);
    const reasons = Object.fromEntries(delivery.log.deadLetters.map((d) => [d.subscription, d]));
    expect(reasons['max-attempts']).toMatchObject({ reason: 'MaxDeliveryAttemptsExceeded', attempts: 3 });
    expect(reasons['short-ttl']?.reason).toBe('TimeToLiveExceeded');
    expect(receivedBy('short-ttl').length).toBe(reasons['short-ttl']?.attempts);
  });

  it('stops delivering to a deleted subscription and serves the log over HTTP', async () => {
    await subscribe('temporary');
    await arm.deleteSubscription('temporary');
    created.pop();
    await notify(manifestPush('app', 'after-delete'));
    await delivery.flush();
    expect(receivedBy('temporary')).toEqual([]);
    const log = (await (await fetch(`${delivery.baseUrl}/_deliveries`)).json()) as { published: unknown[] };
    expect(log.published).toHaveLength(1);
  });
});
