import { buildSubscriptionValidationEvent, toCloudEvent } from '@scout-acr/sdk/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleted, deliver, pushed, REGISTRY_ID } from '../helpers/deliveries.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('Event Grid webhook', () => {
  let t: TestServer;
  let webhookUrl: string;
  let integrationId: string;

  beforeAll(async () => {
    t = await startTestServer({ webhook: { maxBodyBytes: 64 * 1024, maxJsonDepth: 16 } });
    const admin = t.client(t.keys.adminA);
    const integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'docker-scout-readonly-token',
      password: t.registry.password,
    });
    integrationId = integration.id;
    webhookUrl = integration.webhookUrl as string;
  });
  afterAll(() => t?.close());

  const eventCount = async () => {
    let n = 0;
    for await (const _ of t.client(t.keys.adminA).events.list(integrationId)) n++;
    return n;
  };

  it('answers the SubscriptionValidation handshake with the validation code', async () => {
    const event = buildSubscriptionValidationEvent({ topic: REGISTRY_ID, validationCode: 'ABC-123' });
    const res = await deliver(webhookUrl, [event], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ validationResponse: 'ABC-123' });
  });

  it('answers the CloudEvents OPTIONS abuse-protection check', async () => {
    const res = await fetch(webhookUrl, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('stores Event Grid schema events once, however often they are delivered', async () => {
    const before = await eventCount();
    const event = pushed('app', 'v1', DIGEST);
    const first = await deliver(webhookUrl, [event]);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await deliver(webhookUrl, [event]);
    expect(JSON.parse(again.text)).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await eventCount()).toBe(before + 1);
  });

  it('accepts CloudEvents, single and batch', async () => {
    const before = await eventCount();
    const single = toCloudEvent(pushed('app', 'v2', DIGEST));
    const one = await deliver(webhookUrl, single, { 'content-type': 'application/cloudevents+json; charset=utf-8' });
    expect(one.status).toBe(200);
    const batch = [toCloudEvent(pushed('app', 'v3', DIGEST)), toCloudEvent(deleted('app', DIGEST))];
    const two = await deliver(webhookUrl, batch, {
      'content-type': 'application/cloudevents-batch+json; charset=utf-8',
    });
    expect(JSON.parse(two.text)).toMatchObject({ accepted: 2 });
    expect(await eventCount()).toBe(before + 3);
  });

  it('stores each event as the text it arrived in, not serialized again', async () => {
    const a = pushed('app', 'as-sent', DIGEST);
    const b = deleted('app', DIGEST);
    const single = toCloudEvent(pushed('app', 'as-sent-ce', DIGEST));
    const batch = `[\n  ${JSON.stringify(a, null, 1)} ,\n${JSON.stringify(b)}\n]\n`;
    expect(JSON.parse((await deliver(webhookUrl, batch)).text)).toMatchObject({ accepted: 2 });
    const one = `  ${JSON.stringify(single, null, '\t')}  `;
    const ce = await deliver(webhookUrl, one, { 'content-type': 'application/cloudevents+json; charset=utf-8' });
    expect(JSON.parse(ce.text)).toMatchObject({ accepted: 1 });
    const rows = await t.server.context.store.listEvents(integrationId, { limit: 20 });
    const bodies = new Map(rows.map((row) => [row.eventId, row.body]));
    expect(bodies.get(a.id)).toBe(JSON.stringify(a, null, 1));
    expect(bodies.get(b.id)).toBe(JSON.stringify(b));
    expect(bodies.get(single.id)).toBe(JSON.stringify(single, null, '\t'));
  });

  it('acknowledges and ignores event types it does not handle', async () => {
    const before = await eventCount();
    const other = { ...pushed('app', 'v9', DIGEST), eventType: 'Microsoft.ContainerRegistry.SomethingNew' };
    const res = await deliver(webhookUrl, [other]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ accepted: 0, ignored: 1 });
    expect(await eventCount()).toBe(before);
  });

  it('records events of repositories that are not activated without analyzing them', async () => {
    const res = await deliver(webhookUrl, [pushed('not-active', 'v1', DIGEST)]);
    expect(res.status).toBe(200);
    const events = t.client(t.keys.adminA).events.list(integrationId);
    const found = await eventually(async () => {
      for await (const e of events) if (e.repository === 'not-active') return e;
      return undefined;
    });
    expect(found.disposition).toBe('not-activated');
    let jobs = 0;
    for await (const j of t.client(t.keys.adminA).jobs.list(integrationId)) if (j.repository === 'not-active') jobs++;
    expect(jobs).toBe(0);
  });

  describe('refuses bad requests with the documented status and changes nothing', () => {
    const wrong = () => webhookUrl.replace(/code=[^&]+/, 'code=wrong-secret-value');
    const cases: Array<[string, () => Promise<{ status: number; text: string }>, number]> = [
      ['wrong secret', () => deliver(wrong(), [pushed('app', 'x1', DIGEST)]), 401],
      ['missing secret', () => deliver(webhookUrl.replace(/\?code=.*/, ''), [pushed('app', 'x2', DIGEST)]), 401],
      [
        'unknown integration',
        () => deliver(webhookUrl.replace(/int_[0-9a-f]+/, 'int_00000000000000000000'), [pushed('app', 'x3', DIGEST)]),
        401,
      ],
      ['malformed JSON', () => deliver(webhookUrl, '[{"id": "x", '), 400],
      ['not an event', () => deliver(webhookUrl, [{ hello: 'world' }]), 400],
      ['bad event data', () => deliver(webhookUrl, [{ ...pushed('app', 'x4', DIGEST), data: { target: {} } }]), 400],
      [
        'oversized body',
        () => deliver(webhookUrl, [{ ...pushed('app', 'x5', DIGEST), pad: 'x'.repeat(70 * 1024) }]),
        413,
      ],
      ['deeply nested body', () => deliver(webhookUrl, `${'['.repeat(5000)}${']'.repeat(5000)}`), 400],
    ];
    for (const [name, send, status] of cases) {
      it(name, async () => {
        const before = await eventCount();
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.text).not.toContain('int_');
        expect(await eventCount()).toBe(before);
      });
    }

    it('gives the same 401 body for a wrong secret and an unknown integration', async () => {
      const a = await cases[0]?.[1]();
      const b = await cases[2]?.[1]();
      const strip = (text: string) => JSON.parse(text).error.code + JSON.parse(text).error.message;
      expect(strip(a?.text ?? '')).toBe(strip(b?.text ?? ''));
    });
  });

  it('stops accepting the old URL once the secret is rotated', async () => {
    const admin = t.client(t.keys.adminA);
    const rotated = await admin.integrations.rotateWebhookSecret(integrationId);
    expect(rotated.webhookUrl).not.toBe(webhookUrl);
    expect((await deliver(webhookUrl, [pushed('app', 'r1', DIGEST)])).status).toBe(401);
    expect((await deliver(rotated.webhookUrl as string, [pushed('app', 'r1', DIGEST)])).status).toBe(200);
    webhookUrl = rotated.webhookUrl as string;
  });
});

describe('Event Grid webhook under failure', () => {
  it('answers 503 (Event Grid retries) when storing fails, and stores nothing', async () => {
    const t = await startTestServer({ worker: false });
    try {
      const integration = await t.client(t.keys.adminA).integrations.create({
        loginServer: 'reg.azurecr.io',
        tokenName: 'tok-en',
        password: t.registry.password,
      });
      const store = t.server.context.store;
      const original = store.recordEvents.bind(store);
      store.recordEvents = async () => {
        throw new Error('disk I/O error');
      };
      const res = await deliver(integration.webhookUrl as string, [pushed('app', 'v1', DIGEST)]);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      store.recordEvents = original;
      expect(await store.countEvents(integration.id)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('answers 503 when the ingest queue is full', async () => {
    const t = await startTestServer({ worker: false, webhook: { maxPendingEvents: 1 } });
    try {
      const integration = await t.client(t.keys.adminA).integrations.create({
        loginServer: 'reg.azurecr.io',
        tokenName: 'tok-en',
        password: t.registry.password,
      });
      const res = await deliver(integration.webhookUrl as string, [pushed('a', '1', DIGEST), pushed('a', '2', DIGEST)]);
      expect(res.status).toBe(503);
      expect(await t.server.context.store.countEvents(integration.id)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
