import { buildImagePushedEvent, type EventGridEvent, parseEventGridDelivery } from '@scout-acr/sdk/events';
import { describe, expect, it } from 'vitest';
import {
  buildDeliveryRequest,
  deliveryAttributeHeaders,
  isSuccessStatus,
  nextStep,
  readSubscriptionConfig,
  retryDelayMs,
  splitIntoBatches,
} from '../../harness/eventgrid/index.js';

const registryId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg';

function pushed(tag: string, extra: Record<string, unknown> = {}): EventGridEvent {
  const event = buildImagePushedEvent({
    registryId,
    loginServer: '127.0.0.1:5000',
    repository: 'app',
    tag,
    digest: `sha256:${'c'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    location: 'westus',
  });
  return { ...event, data: { ...event.data, ...extra } };
}

describe('readSubscriptionConfig', () => {
  it("reads Docker's own image-change subscription (reference ARM template)", () => {
    const config = readSubscriptionConfig({
      id: `${registryId}/x/eventSubscriptions/image-change`,
      name: 'image-change',
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: {
            endpointUrl: 'https://hook.example/x?secret=s',
            maxEventsPerBatch: 1,
            preferredBatchSizeInKilobytes: 64,
          },
        },
        eventDeliverySchema: 'EventGridSchema',
        filter: {
          enableAdvancedFilteringOnArrays: true,
          includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        },
        labels: [],
        retryPolicy: { eventTimeToLiveInMinutes: 1440, maxDeliveryAttempts: 30 },
        provisioningState: 'Succeeded',
      },
    });
    expect(config).toMatchObject({
      name: 'image-change',
      endpointType: 'WebHook',
      endpointUrl: 'https://hook.example/x?secret=s',
      schema: 'EventGridSchema',
      maxEventsPerBatch: 1,
      preferredBatchSizeInKilobytes: 64,
      maxDeliveryAttempts: 30,
      eventTimeToLiveInMinutes: 1440,
      deadLetterConfigured: false,
      provisioningState: 'Succeeded',
      filter: { enableAdvancedFilteringOnArrays: true, isSubjectCaseSensitive: false, advancedFilters: [] },
    });
  });

  it("applies Azure's defaults and reads mappings, advanced filters and dead-letter destinations", () => {
    const config = readSubscriptionConfig({
      id: 'id',
      name: 'n',
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: {
            endpointUrl: 'https://x',
            deliveryAttributeMappings: [
              { name: 'X-Static', type: 'Static', properties: { value: 'v', isSecret: true } },
              { name: 'X-Repo', type: 'Dynamic', properties: { sourceField: 'data.target.repository' } },
              { name: 'X-Broken', type: 'Dynamic', properties: {} },
            ],
          },
        },
        eventDeliverySchema: 'CloudEventSchemaV1_0',
        filter: { advancedFilters: [{ operatorType: 'StringIn', key: 'subject', values: ['a'] }, { key: 'no-op' }] },
        deadLetterDestination: { endpointType: 'StorageBlob', properties: {} },
      },
    });
    expect(config).toMatchObject({
      schema: 'CloudEventSchemaV1_0',
      maxEventsPerBatch: 1,
      preferredBatchSizeInKilobytes: 64,
      maxDeliveryAttempts: 30,
      eventTimeToLiveInMinutes: 1440,
      deadLetterConfigured: true,
      deliveryAttributeMappings: [
        { name: 'X-Static', type: 'Static', value: 'v', isSecret: true },
        { name: 'X-Repo', type: 'Dynamic', sourceField: 'data.target.repository' },
      ],
      filter: { advancedFilters: [{ operatorType: 'StringIn', key: 'subject', values: ['a'] }] },
    });
  });
});

describe('retry policy', () => {
  it("follows Event Grid's schedule, then every 12 hours, scaled", () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => retryDelayMs(n) / 1000);
    expect(minutes).toEqual([10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600, 43_200, 43_200]);
    expect(retryDelayMs(1, 0.001)).toBe(10);
  });

  it('treats 200–204 as success', () => {
    expect([199, 200, 201, 202, 203, 204, 205, 302].map(isSuccessStatus)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  const base = { attempt: 1, maxDeliveryAttempts: 30, now: 0, expiresAt: 1_000_000, timeScale: 1 };
  it.each([
    [{ status: 200 }, { kind: 'delivered' }],
    [{ status: 204 }, { kind: 'delivered' }],
    [{ status: 400 }, { kind: 'dead-letter', reason: 'NonRetriableError' }],
    [{ status: 401 }, { kind: 'dead-letter', reason: 'NonRetriableError' }],
    [{ status: 403 }, { kind: 'dead-letter', reason: 'NonRetriableError' }],
    [{ status: 413 }, { kind: 'dead-letter', reason: 'NonRetriableError' }],
    [{ status: 404 }, { kind: 'retry', delayMs: 10_000 }],
    [{ status: 500 }, { kind: 'retry', delayMs: 10_000 }],
    [
      { status: 503, attempt: 2 },
      { kind: 'retry', delayMs: 30_000 },
    ],
    [{ status: undefined }, { kind: 'retry', delayMs: 10_000 }],
    [
      { status: 500, attempt: 30 },
      { kind: 'dead-letter', reason: 'MaxDeliveryAttemptsExceeded' },
    ],
    [
      { status: 500, attempt: 3, maxDeliveryAttempts: 3 },
      { kind: 'dead-letter', reason: 'MaxDeliveryAttemptsExceeded' },
    ],
    [
      { status: 500, attempt: 3, expiresAt: 59_999 },
      { kind: 'dead-letter', reason: 'TimeToLiveExceeded' },
    ],
    [
      { status: 500, attempt: 3, expiresAt: 60_000 },
      { kind: 'retry', delayMs: 60_000 },
    ],
  ] as const)('%o → %o', (input, expected) => {
    expect(nextStep({ ...base, ...input })).toEqual(expected);
  });
});

describe('batching', () => {
  const events = ['a', 'b', 'c', 'd', 'e'].map((tag) => pushed(tag));

  it('packs up to maxEventsPerBatch events', () => {
    expect(splitIntoBatches(events, 1, 64).map((b) => b.length)).toEqual([1, 1, 1, 1, 1]);
    expect(splitIntoBatches(events, 2, 64).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(splitIntoBatches(events, 10, 64).map((b) => b.length)).toEqual([5]);
    expect(splitIntoBatches(events, 10, 64).flat()).toEqual(events);
  });

  it('keeps batches under preferredBatchSizeInKilobytes, but sends an oversized event alone', () => {
    const big = pushed('big', { padding: 'x'.repeat(3000) });
    expect(
      splitIntoBatches([events[0], events[1], big, events[2]] as EventGridEvent[], 10, 1).map((b) => b.length),
    ).toEqual([1, 1, 1, 1]);
    expect(splitIntoBatches(events, 10, 2).map((b) => b.length)).toEqual([2, 2, 1]);
  });
});

describe('delivery request', () => {
  const subscription = {
    name: 'image-change',
    schema: 'EventGridSchema' as const,
    maxEventsPerBatch: 1,
    deliveryAttributeMappings: [],
  };

  it('sends an Event Grid schema array with the aeg headers', () => {
    const event = pushed('v1');
    const request = buildDeliveryRequest(subscription, [event], 0);
    expect(JSON.parse(request.body)).toEqual([event]);
    expect(request.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': 'IMAGE-CHANGE',
      'aeg-delivery-count': '0',
      'aeg-data-version': '2.0',
      'aeg-metadata-version': '1',
    });
    expect(parseEventGridDelivery(request.body, request.headers)).toMatchObject({
      aegEventType: 'Notification',
      schema: 'EventGridSchema',
      deliveryCount: 0,
      subscriptionName: 'IMAGE-CHANGE',
    });
  });

  it('sends a structured CloudEvent for one event per batch, batch mode otherwise', () => {
    const events = [pushed('a'), pushed('b')];
    const single = buildDeliveryRequest(
      { ...subscription, schema: 'CloudEventSchemaV1_0' },
      [events[0] as EventGridEvent],
      3,
    );
    expect(single.headers['Content-Type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(single.headers['aeg-delivery-count']).toBe('3');
    expect(JSON.parse(single.body)).toMatchObject({ specversion: '1.0', subject: 'app:a', source: registryId });
    const batch = buildDeliveryRequest(
      { ...subscription, schema: 'CloudEventSchemaV1_0', maxEventsPerBatch: 10 },
      events,
      0,
    );
    expect(batch.headers['Content-Type']).toBe('application/cloudevents-batch+json; charset=utf-8');
    const parsed = parseEventGridDelivery(batch.body, batch.headers);
    expect(parsed.schema).toBe('CloudEventSchemaV1_0');
    expect(parsed.events.map((e) => e.subject)).toEqual(['app:a', 'app:b']);
  });

  it('adds static and dynamic delivery attribute headers; a missing source field adds none', () => {
    const headers = deliveryAttributeHeaders(
      {
        deliveryAttributeMappings: [
          { name: 'X-Static', type: 'Static', value: 'fixed', isSecret: false },
          { name: 'X-Repo', type: 'Dynamic', sourceField: 'data.target.repository' },
          { name: 'X-Size', type: 'Dynamic', sourceField: 'data.target.size' },
          { name: 'X-Missing', type: 'Dynamic', sourceField: 'data.target.nothing' },
        ],
      },
      pushed('v1'),
    );
    expect(headers).toEqual({ 'X-Static': 'fixed', 'X-Repo': 'app', 'X-Size': '500' });
  });

  it('refuses an empty batch', () => {
    expect(() => buildDeliveryRequest(subscription, [], 0)).toThrow(/empty batch/);
  });
});
