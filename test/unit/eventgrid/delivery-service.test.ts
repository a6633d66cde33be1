/**
 * The delivery service end to end in one process, against a stand-in for the ARM emulator's state and a real
 * local webhook: mapping, filters, schemas, batching, headers, retries, dead-lettering, the log routes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeliveryEmulator,
  type EventGridDelivery,
  failTimes,
  REGISTRY_EVENTS_MEDIA_TYPE,
  type RegistryEvent,
  startEventGridDelivery,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../harness/eventgrid/index.js';
import { blobPush, deleteEvent, manifestPush, registry } from './samples.js';

type Subscription = ReturnType<DeliveryEmulator['state']['eventSubscriptionsForRegistry']>[number];

const subscriptions: Subscription[] = [];
const emulator: DeliveryEmulator = {
  state: {
    findRegistryByLoginServer: (loginServer) => (loginServer === registry.loginServer ? registry : undefined),
    eventSubscriptionsForRegistry: (registryId) => (registryId === registry.id ? subscriptions : []),
  },
};

function subscription(name: string, url: string, properties: Record<string, unknown> = {}): Subscription {
  const { destination: extraDestination = {}, ...rest } = properties as { destination?: Record<string, unknown> };
  return {
    id: `${registry.id}/providers/Microsoft.EventGrid/systemTopics/t/eventSubscriptions/${name}`,
    name,
    topicId: `${registry.id}/providers/Microsoft.EventGrid/systemTopics/t`,
    properties: {
      destination: { endpointType: 'WebHook', properties: { endpointUrl: url, ...extraDestination } },
      eventDeliverySchema: 'EventGridSchema',
      filter: {
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
      },
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      provisioningState: 'Succeeded',
      ...rest,
    },
  };
}

let delivery: EventGridDelivery;
let receiver: WebhookReceiver;
let counter = 0;

async function notify(...events: RegistryEvent[]): Promise<void> {
  const response = await fetch(delivery.notificationUrl, {
    method: 'POST',
    headers: { 'Content-Type': REGISTRY_EVENTS_MEDIA_TYPE },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(200);
}

/** A manifest push with a fresh event id (the service ignores re-sent ids). */
function push(tag: string) {
  counter += 1;
  return manifestPush({ tag }, `push-${counter}`);
}

beforeAll(async () => {
  delivery = await startEventGridDelivery({ emulator, timeScale: 0.001, attemptTimeoutMs: 5_000 });
  receiver = await startWebhookReceiver();
});

afterEach(() => {
  subscriptions.length = 0;
  receiver.notifications.length = 0;
  receiver.setResponder(() => 200);
  delivery.log.clear();
});

afterAll(async () => {
  await delivery.close();
  await receiver.close();
});

describe('mapping and routing', () => {
  it('delivers ImagePushed to a matching subscription with the aeg headers; blobs and pulls produce nothing', async () => {
    subscriptions.push(subscription('image-change', `${receiver.url}/a`));
    await notify(blobPush(), { ...push('ignored-pull'), action: 'pull' }, push('v1'));
    await delivery.flush();
    expect(receiver.notifications).toHaveLength(1);
    const [received] = receiver.notifications;
    expect(received?.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': 'IMAGE-CHANGE',
      'aeg-delivery-count': '0',
      'aeg-data-version': '2.0',
      'aeg-metadata-version': '1',
    });
    expect(received?.parsed.schema).toBe('EventGridSchema');
    expect(received?.parsed.events.map((e) => [e.type, e.subject, e.source])).toEqual([
      ['Microsoft.ContainerRegistry.ImagePushed', 'samples/nginx:v1', registry.id],
    ]);
    expect(delivery.log.skipped.map((s) => s.reason)).toEqual(['blob', 'pull']);
    expect(delivery.log.published).toHaveLength(1);
    expect(delivery.log.published[0]?.matchedSubscriptions).toEqual(['image-change']);
  });

  it('delivers ImageDeleted for a manifest delete', async () => {
    subscriptions.push(subscription('image-change', receiver.url));
    const pushed = push('to-delete');
    await notify(pushed);
    await notify(deleteEvent(pushed.target.digest, `delete-${counter}`));
    await delivery.flush();
    expect(receiver.notifications.map((n) => n.parsed.events[0]?.type)).toEqual([
      'Microsoft.ContainerRegistry.ImagePushed',
      'Microsoft.ContainerRegistry.ImageDeleted',
    ]);
    expect(receiver.notifications[1]?.parsed.events[0]?.subject).toBe('samples/nginx');
  });

  it('applies each subscription filter on its own', async () => {
    subscriptions.push(
      subscription('only-deletes', `${receiver.url}/deletes`, {
        filter: { includedEventTypes: ['Microsoft.ContainerRegistry.ImageDeleted'] },
      }),
      subscription('prod-tags', `${receiver.url}/prod`, {
        filter: {
          subjectEndsWith: ':PROD',
          advancedFilters: [{ operatorType: 'StringBeginsWith', key: 'data.target.repository', values: ['samples/'] }],
        },
      }),
      subscription('not-ready', `${receiver.url}/creating`, { provisioningState: 'Creating' }),
      subscription('everything', `${receiver.url}/all`, { filter: {} }),
    );
    await notify(push('prod'), push('dev'));
    await delivery.flush();
    const byPath = (path: string) =>
      receiver.notifications.filter((n) => n.path === path).map((n) => n.parsed.events[0]?.subject);
    expect(byPath('/hook/deletes')).toEqual([]);
    expect(byPath('/hook/creating')).toEqual([]);
    expect(byPath('/hook/prod')).toEqual(['samples/nginx:prod']);
    expect(byPath('/hook/all').sort()).toEqual(['samples/nginx:dev', 'samples/nginx:prod']);
  });

  it('skips notifications from an unknown login server and re-sent notifications', async () => {
    subscriptions.push(subscription('image-change', receiver.url));
    const stranger = push('x');
    await notify({ ...stranger, request: { ...stranger.request, host: 'unknown.example:5000' } });
    const event = push('once');
    await notify(event);
    await notify(event);
    await delivery.flush();
    expect(receiver.notifications).toHaveLength(1);
    expect(delivery.log.skipped.map((s) => s.reason)).toEqual(['no registry with login server unknown.example:5000']);
  });
});

describe('schemas, batches and headers', () => {
  it('batches CloudEvents in batch mode when maxEventsPerBatch > 1', async () => {
    subscriptions.push(
      subscription('ce-batch', `${receiver.url}/batch`, {
        eventDeliverySchema: 'CloudEventSchemaV1_0',
        destination: { maxEventsPerBatch: 2 },
      }),
    );
    await notify(push('a'), push('b'), push('c'));
    await delivery.flush();
    const received = receiver.notifications;
    expect(received.map((n) => n.headers['content-type'])).toEqual([
      'application/cloudevents-batch+json; charset=utf-8',
      'application/cloudevents-batch+json; charset=utf-8',
    ]);
    expect(received.map((n) => n.parsed.events.length).sort()).toEqual([1, 2]);
    expect(received.flatMap((n) => n.parsed.events.map((e) => e.subject)).sort()).toEqual([
      'samples/nginx:a',
      'samples/nginx:b',
      'samples/nginx:c',
    ]);
    expect(JSON.parse(received[0]?.rawBody ?? '')[0]).toMatchObject({ specversion: '1.0', source: registry.id });
  });

  it('sends single structured CloudEvents with maxEventsPerBatch 1, Event Grid arrays in batches otherwise', async () => {
    subscriptions.push(
      subscription('ce-single', `${receiver.url}/single`, { eventDeliverySchema: 'CloudEventSchemaV1_0' }),
      subscription('eg-batch', `${receiver.url}/eg`, { destination: { maxEventsPerBatch: 5 } }),
    );
    await notify(push('a'), push('b'));
    await delivery.flush();
    const single = receiver.notifications.filter((n) => n.path === '/hook/single');
    expect(single).toHaveLength(2);
    expect(single[0]?.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(Array.isArray(JSON.parse(single[0]?.rawBody ?? ''))).toBe(false);
    const eg = receiver.notifications.filter((n) => n.path === '/hook/eg');
    expect(eg.map((n) => n.parsed.events.length)).toEqual([2]);
  });

  it('adds delivery attribute mappings as headers', async () => {
    subscriptions.push(
      subscription('attrs', receiver.url, {
        destination: {
          deliveryAttributeMappings: [
            { name: 'X-Scout-Static', type: 'Static', properties: { value: 'hello', isSecret: false } },
            { name: 'X-Scout-Repository', type: 'Dynamic', properties: { sourceField: 'data.target.repository' } },
          ],
        },
      }),
    );
    await notify(push('v1'));
    await delivery.flush();
    expect(receiver.notifications[0]?.headers).toMatchObject({
      'x-scout-static': 'hello',
      'x-scout-repository': 'samples/nginx',
    });
  });
});

describe('retries and dead-lettering', () => {
  it('retries a failing webhook on the schedule: the 4th attempt carries aeg-delivery-count 3', async () => {
    subscriptions.push(subscription('image-change', receiver.url));
    receiver.setResponder(failTimes(3, 503));
    await notify(push('retry'));
    await delivery.flush();
    expect(receiver.notifications.map((n) => [n.headers['aeg-delivery-count'], n.status])).toEqual([
      ['0', 503],
      ['1', 503],
      ['2', 503],
      ['3', 200],
    ]);
    const ids = new Set(receiver.notifications.map((n) => n.parsed.events[0]?.id));
    expect(ids.size).toBe(1);
    expect(delivery.log.attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 503, 'retry'],
      [2, 503, 'retry'],
      [3, 503, 'retry'],
      [4, 200, 'delivered'],
    ]);
    expect(delivery.log.deadLetters).toEqual([]);
  });

  it.each([400, 401, 403, 413])('never retries %i', async (status) => {
    subscriptions.push(subscription('image-change', receiver.url));
    receiver.setResponder(() => status);
    await notify(push('bad'));
    await delivery.flush();
    expect(receiver.notifications).toHaveLength(1);
    expect(delivery.log.deadLetters).toMatchObject([
      { reason: 'NonRetriableError', attempts: 1, lastStatus: status, deadLetterConfigured: false },
    ]);
    expect(delivery.log.attempts[0]?.outcome).toBe('dropped');
  });

  it('retries 404 like other failures', async () => {
    subscriptions.push(subscription('image-change', receiver.url));
    receiver.setResponder(failTimes(1, 404));
    await notify(push('404'));
    await delivery.flush();
    expect(receiver.notifications.map((n) => n.status)).toEqual([404, 200]);
  });

  it('gives up after maxDeliveryAttempts and dead-letters when a destination is configured', async () => {
    subscriptions.push(
      subscription('image-change', receiver.url, {
        retryPolicy: { maxDeliveryAttempts: 2, eventTimeToLiveInMinutes: 1440 },
        deadLetterDestination: { endpointType: 'StorageBlob', properties: { blobContainerName: 'dl' } },
      }),
    );
    receiver.setResponder(() => 500);
    await notify(push('max'));
    await delivery.flush();
    expect(receiver.notifications).toHaveLength(2);
    expect(delivery.log.deadLetters).toMatchObject([
      { reason: 'MaxDeliveryAttemptsExceeded', attempts: 2, lastStatus: 500, deadLetterConfigured: true },
    ]);
    expect(delivery.log.deadLetters[0]?.events[0]?.subject).toBe('samples/nginx:max');
    expect(delivery.log.attempts.at(-1)?.outcome).toBe('dead-lettered');
  });

  it('gives up when the (time-scaled) time to live runs out', async () => {
    subscriptions.push(
      subscription('image-change', receiver.url, {
        retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1 },
      }),
    );
    receiver.setResponder(() => 500);
    await notify(push('ttl'));
    await delivery.flush();
    const [deadLetter] = delivery.log.deadLetters;
    expect(deadLetter?.reason).toBe('TimeToLiveExceeded');
    expect(deadLetter?.attempts).toBeLessThan(30);
    expect(receiver.notifications).toHaveLength(deadLetter?.attempts ?? -1);
  });

  it('records transport failures and retries them', async () => {
    const gone = await startWebhookReceiver();
    const url = gone.url;
    await gone.close();
    subscriptions.push(
      subscription('image-change', url, { retryPolicy: { maxDeliveryAttempts: 2, eventTimeToLiveInMinutes: 1440 } }),
    );
    await notify(push('refused'));
    await delivery.flush();
    expect(delivery.log.attempts.map((a) => [a.status, a.error])).toEqual([
      [undefined, 'ECONNREFUSED'],
      [undefined, 'ECONNREFUSED'],
    ]);
    expect(delivery.log.deadLetters[0]?.lastError).toBe('ECONNREFUSED');
  });
});

describe('log routes', () => {
  it('serves the log at GET /_deliveries without endpoint URLs', async () => {
    subscriptions.push(subscription('image-change', `${receiver.url}?secret=do-not-leak`));
    await notify(push('log'));
    await delivery.flush();
    const response = await fetch(`${delivery.baseUrl}/_deliveries`);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.attempts).toHaveLength(1);
    expect(body.attempts[0]).toMatchObject({
      subscription: 'image-change',
      attempt: 1,
      status: 200,
      outcome: 'delivered',
    });
    expect(body.published[0].event.subject).toBe('samples/nginx:log');
    expect(text).not.toContain('do-not-leak');
    const flushed = await fetch(`${delivery.baseUrl}/_deliveries/flush`, { method: 'POST' });
    expect(flushed.status).toBe(200);
    await fetch(`${delivery.baseUrl}/_deliveries`, { method: 'DELETE' });
    expect(delivery.log.attempts).toEqual([]);
  });

  it('rejects bodies that are not registry notifications', async () => {
    const bad = await fetch(delivery.notificationUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    const wrong = await fetch(delivery.notificationUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(wrong.status).toBe(415);
  });
});
