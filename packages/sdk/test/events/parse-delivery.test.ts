import { describe, expect, it } from 'vitest';
import {
  cloudEventsHandshakeHeaders,
  EventParseError,
  isChartPushedEvent,
  isImageDeletedEvent,
  isImagePushedEvent,
  parseCloudEvents,
  parseEventGridDelivery,
  parseEventGridEvent,
  subscriptionValidationResponse,
} from '../../src/events.js';
import { cloudEventSample, eventGridSample, invalidEventCases, type LooseJson, sampleNames } from './fixtures.js';

const notification = { 'aeg-event-type': 'Notification', 'content-type': 'application/json' };

function parseError(run: () => unknown): EventParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    return error as EventParseError;
  }
  throw new Error('expected an EventParseError');
}

describe('official samples', () => {
  it.each(sampleNames)('Event Grid schema %s parses as a delivery', (name) => {
    const sample = eventGridSample(name);
    const delivery = parseEventGridDelivery([sample], notification);
    expect(delivery.schema).toBe('EventGridSchema');
    expect(delivery.aegEventType).toBe('Notification');
    expect(delivery.events).toHaveLength(1);
    const [event] = delivery.events;
    expect(event?.id).toBe(sample.id);
    expect(event?.type).toBe(sample.eventType);
    expect(event?.source).toBe(sample.topic);
    expect(event?.subject).toBe(sample.subject);
    expect(event?.time).toBe(sample.eventTime);
    expect(event?.dataVersion).toBe('2.0');
    expect(event?.data).toEqual(sample.data);
    expect(event?.raw).toEqual(sample);
  });

  it.each(sampleNames)('CloudEvents %s parses single (structured) and in a batch', (name) => {
    const sample = cloudEventSample(name);
    const single = parseEventGridDelivery(JSON.stringify(sample), {
      'Content-Type': 'application/cloudevents+json; charset=utf-8',
    });
    const batch = parseEventGridDelivery(Buffer.from(JSON.stringify([sample, sample])), {
      'content-type': 'application/cloudevents-batch+json; charset=utf-8',
    });
    expect(single.schema).toBe('CloudEventSchemaV1_0');
    expect(batch.schema).toBe('CloudEventSchemaV1_0');
    expect(single.events).toHaveLength(1);
    expect(batch.events).toHaveLength(2);
    for (const event of [...single.events, ...batch.events]) {
      expect(event.id).toBe(sample.id);
      expect(event.type).toBe(sample.type);
      expect(event.source).toBe(sample.source);
      expect(event.subject).toBe(sample.subject);
      expect(event.time).toBe(sample.time);
      expect(event.dataVersion).toBeUndefined();
      expect(event.data).toEqual(sample.data);
    }
  });

  it('detects the schema from the body when Content-Type says nothing useful', () => {
    expect(parseEventGridDelivery(cloudEventSample('image_pushed')).schema).toBe('CloudEventSchemaV1_0');
    expect(parseEventGridDelivery([cloudEventSample('image_pushed')]).schema).toBe('CloudEventSchemaV1_0');
    expect(parseEventGridDelivery([eventGridSample('image_pushed')]).schema).toBe('EventGridSchema');
  });

  it('narrows events by type', () => {
    const { events } = parseEventGridDelivery(
      ['image_pushed', 'image_deleted', 'chart_pushed'].map((n) => eventGridSample(n as 'image_pushed')),
    );
    const pushed = events.filter(isImagePushedEvent);
    expect(pushed.map((e) => `${e.data.target.repository}:${e.data.target.tag}@${e.data.request.host}`)).toEqual([
      'samples/nginx:latest@jolovcr.azurecr.io',
    ]);
    expect(events.filter(isImageDeletedEvent).map((e) => e.data.target.tag)).toEqual([undefined]);
    expect(events.filter(isChartPushedEvent).map((e) => e.data.target.name)).toEqual(['mychart']);
  });
});

describe('headers', () => {
  it('reads aeg headers case-insensitively from records and fetch Headers', () => {
    const body = [eventGridSample('image_pushed')];
    const fromRecord = parseEventGridDelivery(body, {
      'AEG-EVENT-TYPE': 'Notification',
      'Aeg-Delivery-Count': '3',
      'aeg-subscription-name': 'IMAGE-CHANGE',
    });
    const fromHeaders = parseEventGridDelivery(
      body,
      new Headers({ 'aeg-event-type': 'Notification', 'aeg-delivery-count': '0' }),
    );
    expect(fromRecord).toMatchObject({
      aegEventType: 'Notification',
      deliveryCount: 3,
      subscriptionName: 'IMAGE-CHANGE',
    });
    expect(fromHeaders).toMatchObject({ aegEventType: 'Notification', deliveryCount: 0, subscriptionName: undefined });
  });

  it('rejects an unknown aeg-event-type', () => {
    const error = parseError(() =>
      parseEventGridDelivery([eventGridSample('image_pushed')], { 'aeg-event-type': 'Surprise' }),
    );
    expect(error.message).toContain('aeg-event-type');
  });
});

describe('subscription validation and deletion', () => {
  const validation = {
    id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
    topic: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg',
    subject: '',
    data: {
      validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
      validationUrl:
        'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=1&t=2&apiVersion=2025-02-15',
    },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2018-01-25T22:12:19.4556811Z',
    metadataVersion: '1',
    dataVersion: '1',
  };

  it('returns the validation code to echo back', () => {
    const delivery = parseEventGridDelivery([validation], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(delivery.validation).toEqual({
      validationCode: validation.data.validationCode,
      validationUrl: validation.data.validationUrl,
    });
    expect(subscriptionValidationResponse(delivery)).toEqual({ validationResponse: validation.data.validationCode });
  });

  it('infers the kind when the header is missing', () => {
    expect(parseEventGridDelivery([validation]).aegEventType).toBe('SubscriptionValidation');
    const deleted = {
      ...validation,
      eventType: 'Microsoft.EventGrid.SubscriptionDeletedEvent',
      data: { eventSubscriptionId: '/subscriptions/x/…/eventSubscriptions/image-change' },
    };
    expect(parseEventGridDelivery([deleted]).aegEventType).toBe('SubscriptionDeletion');
  });

  it('names the missing validation code', () => {
    const error = parseError(() => parseEventGridDelivery([{ ...validation, data: {} }]));
    expect(error.issues).toEqual([expect.objectContaining({ path: '[0].data.validationCode' })]);
    expect(error.message).toContain('[0].data.validationCode');
  });

  it('refuses a SubscriptionValidation header on a delivery without a validation event', () => {
    const error = parseError(() =>
      parseEventGridDelivery([eventGridSample('image_pushed')], { 'aeg-event-type': 'SubscriptionValidation' }),
    );
    expect(error.message).toContain('SubscriptionValidationEvent');
    expect(() => subscriptionValidationResponse(parseEventGridDelivery([eventGridSample('image_pushed')]))).toThrow(
      EventParseError,
    );
  });

  it('answers the CloudEvents abuse-protection handshake', () => {
    expect(cloudEventsHandshakeHeaders({ 'WebHook-Request-Origin': 'eventemitter.example.com' })).toEqual({
      'WebHook-Allowed-Origin': 'eventemitter.example.com',
      'WebHook-Allowed-Rate': '*',
    });
    expect(parseError(() => cloudEventsHandshakeHeaders({})).message).toContain('WebHook-Request-Origin');
  });
});

describe('tolerance and strictness', () => {
  it('keeps unknown fields and unknown event types (forward compatibility)', () => {
    const sample = eventGridSample('image_pushed');
    const data = sample.data as Record<string, Record<string, unknown>>;
    const extended = {
      ...sample,
      futureField: 1,
      data: { ...data, extra: true, target: { ...data.target, annotations: { a: 'b' } } },
    };
    const other = { ...sample, eventType: 'Microsoft.ContainerRegistry.SomethingNew', data: 'anything' };
    const { events } = parseEventGridDelivery([extended, other]);
    expect(events[0]?.raw.futureField).toBe(1);
    expect(events[0]?.data).toMatchObject({ extra: true, target: { annotations: { a: 'b' } } });
    expect(events[1]?.data).toBe('anything');
  });

  it.each(invalidEventCases)('%s names the field', (_name, mutate, path) => {
    const event = structuredClone(eventGridSample('image_pushed'));
    mutate(event);
    const error = parseError(() => parseEventGridDelivery([event]));
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(path);
    expect(error.code).toBe('InvalidEvent');
    expect(error.status).toBe(400);
  });

  it('names fields of a single CloudEvent without an index', () => {
    const event = structuredClone(cloudEventSample('image_deleted')) as LooseJson;
    event.specversion = '0.3';
    delete event.data.target.digest;
    const error = parseError(() => parseCloudEvents(event));
    expect(error.message).toContain('specversion');
    const withoutDigest = structuredClone(cloudEventSample('image_deleted')) as LooseJson;
    delete withoutDigest.data.target.digest;
    expect(parseError(() => parseCloudEvents(withoutDigest)).issues[0]?.path).toBe('data.target.digest');
    expect(parseError(() => parseCloudEvents([withoutDigest])).issues[0]?.path).toBe('[0].data.target.digest');
  });

  it('rejects bodies that are not deliveries', () => {
    expect(parseError(() => parseEventGridDelivery('{not json')).message).toContain('not valid JSON');
    expect(parseError(() => parseEventGridDelivery([])).message).toContain('at least one event');
    expect(parseError(() => parseEventGridDelivery(eventGridSample('image_pushed'))).message).toContain('array');
    expect(parseError(() => parseEventGridDelivery(null)).message).toContain('array');
    expect(parseError(() => parseEventGridDelivery([42])).issues[0]?.path).toBe('[0]');
    // JSON text is decoded once: a JSON string holding a delivery is not a delivery.
    const twice = JSON.stringify(JSON.stringify([eventGridSample('image_pushed')]));
    expect(parseError(() => parseEventGridDelivery(twice)).message).toContain('array');
  });

  it('parses one Event Grid event on its own', () => {
    const sample = eventGridSample('image_deleted');
    expect(parseEventGridEvent(sample)).toEqual(sample);
    const bad = structuredClone(sample) as LooseJson;
    delete bad.data.request.method;
    expect(parseError(() => parseEventGridEvent(bad)).issues[0]?.path).toBe('data.request.method');
  });
});
