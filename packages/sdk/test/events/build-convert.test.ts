import { describe, expect, it } from 'vitest';
import {
  buildImageDeletedEvent,
  buildImagePushedEvent,
  buildSubscriptionValidationEvent,
  type ImageEventInput,
  parseCloudEvents,
  parseEventGridDelivery,
  parseEventGridEvents,
  toAzureTimestamp,
  toCloudEvent,
  toEventGridEvent,
} from '../../src/events.js';
import { cloudEventSample, eventGridSample, type LooseJson, sampleNames } from './fixtures.js';

/** The inputs that reproduce the official samples exactly. */
function inputFromSample(name: 'image_pushed' | 'image_deleted'): ImageEventInput {
  const sample = eventGridSample(name) as LooseJson;
  return {
    registryId: sample.topic,
    loginServer: sample.data.request.host,
    repository: sample.data.target.repository,
    digest: sample.data.target.digest,
    mediaType: sample.data.target.mediaType,
    tag: 'latest',
    size: 1153,
    location: sample.data.location,
    id: sample.id,
    eventTime: sample.eventTime,
    timestamp: sample.data.timestamp,
    requestId: sample.data.request.id,
    userAgent: sample.data.request.useragent,
    connectedRegistry: sample.data.connectedRegistry.name,
  };
}

describe('builders', () => {
  it('buildImagePushedEvent reproduces the official Event Grid and CloudEvents samples', () => {
    const input = inputFromSample('image_pushed');
    expect(buildImagePushedEvent(input)).toEqual(eventGridSample('image_pushed'));
    expect(buildImagePushedEvent(input, { schema: 'CloudEventSchemaV1_0' })).toEqual(cloudEventSample('image_pushed'));
  });

  it('buildImageDeletedEvent reproduces the official samples (no tag or size in the target)', () => {
    const input = inputFromSample('image_deleted');
    expect(buildImageDeletedEvent(input)).toEqual(eventGridSample('image_deleted'));
    expect(buildImageDeletedEvent(input, { schema: 'CloudEventSchemaV1_0' })).toEqual(
      cloudEventSample('image_deleted'),
    );
  });

  it('a push by digest has the repository as subject and no tag', () => {
    const event = buildImagePushedEvent({ ...inputFromSample('image_pushed'), tag: undefined });
    expect(event.subject).toBe('samples/nginx');
    expect(event.data.target).not.toHaveProperty('tag');
    expect(event.data.target.size).toBe(1153);
  });

  it('fills ids and times the way Azure writes them, and the output parses', () => {
    const event = buildImagePushedEvent({
      registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r',
      loginServer: '127.0.0.1:5000',
      repository: 'app',
      tag: 'v1',
      digest: `sha256:${'a'.repeat(64)}`,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 10,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.data.id).toBe(event.id);
    expect(event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(event.data.timestamp).toBe(event.eventTime);
    expect(event.data.request).toMatchObject({ host: '127.0.0.1:5000', method: 'PUT', useragent: '' });
    expect(event.data).not.toHaveProperty('location');
    expect(parseEventGridEvents([event])).toEqual([event]);
    const deleted = buildImageDeletedEvent({
      ...inputFromSample('image_deleted'),
      id: undefined,
      requestId: undefined,
    });
    expect(deleted.data.request.method).toBe('DELETE');
    expect(deleted.data.request.id).not.toBe(deleted.id);
  });

  it('toAzureTimestamp pads to 7 fractional digits and passes strings through', () => {
    expect(toAzureTimestamp(new Date('2021-09-08T06:37:45.660Z'))).toBe('2021-09-08T06:37:45.6600000Z');
    expect(toAzureTimestamp('2021-09-08T06:37:45+02:00')).toBe('2021-09-08T06:37:45+02:00');
  });

  it('builds a subscription validation event that parses as a handshake', () => {
    const event = buildSubscriptionValidationEvent({ topic: '/subscriptions/s', validationCode: 'code-1' });
    const delivery = parseEventGridDelivery([event], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(delivery.validation).toEqual({ validationCode: 'code-1', validationUrl: undefined });
  });
});

describe('schema conversion', () => {
  it.each(['image_pushed', 'image_deleted'] as const)(
    'toCloudEvent(%s Event Grid sample) is the CloudEvents sample',
    (name) => {
      expect(toCloudEvent(eventGridSample(name) as never)).toEqual(cloudEventSample(name));
    },
  );

  it.each(['image_pushed', 'image_deleted'] as const)('toEventGridEvent(%s CloudEvents sample) round-trips', (name) => {
    const eventGrid = eventGridSample(name);
    expect(toEventGridEvent(cloudEventSample(name) as never, { dataVersion: '2.0' })).toEqual(eventGrid);
    expect(toEventGridEvent(toCloudEvent(eventGrid as never), { dataVersion: '2.0' })).toEqual(eventGrid);
  });

  it.each(sampleNames)('%s survives JSON → parse → toCloudEvent → parse', (name) => {
    const [parsed] = parseEventGridEvents(JSON.stringify([eventGridSample(name)]));
    const [cloud] = parseCloudEvents(JSON.stringify(toCloudEvent(parsed as never)));
    expect(cloud?.data).toEqual(eventGridSample(name).data);
    expect(cloud?.type).toBe(eventGridSample(name).eventType);
  });

  it('refuses to invent a time for a CloudEvent without one', () => {
    const { time: _time, ...withoutTime } = cloudEventSample('image_pushed');
    expect(() => toEventGridEvent(withoutTime as never)).toThrow(/no time/);
    expect(toEventGridEvent(withoutTime as never, { eventTime: '2020-01-01T00:00:00Z' }).eventTime).toBe(
      '2020-01-01T00:00:00Z',
    );
  });
});
