import { ScoutClient } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, pushed } from '../helpers/deliveries.js';
import { type Exchange, recordingFetch } from '../helpers/recording-fetch.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * Runs a full session (create, fail, rotate, webhook, jobs, errors) and then searches every log line and every
 * response for the secrets involved: token passwords (right and wrong), API keys, webhook secrets.
 */
describe('secret leak search', () => {
  let t: TestServer;
  const exchanges: Exchange[] = [];
  const errors: string[] = [];
  const passwords = ['Pa55word-first-0123456789', 'Pa55word-wrong-0123456789', 'Pa55word-second-0123456789'];
  const webhookSecrets: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    t.registry.password = passwords[0] as string;
    t.registry.push('app', 'v1');
    const admin = new ScoutClient({
      baseUrl: t.url,
      apiKey: t.keys.adminA,
      fetch: recordingFetch(exchanges),
      retry: { maxRetries: 0 },
    });
    const viewer = new ScoutClient({
      baseUrl: t.url,
      apiKey: t.keys.viewerA,
      fetch: recordingFetch(exchanges),
      retry: { maxRetries: 0 },
    });
    const capture = (e: unknown) => {
      errors.push(String(e), JSON.stringify(e), (e as Error).stack ?? '');
    };
    const integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: passwords[0] as string,
    });
    webhookSecrets.push(new URL(integration.webhookUrl as string).searchParams.get('code') as string);
    await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: passwords[1] as string,
    });
    await admin.integrations.rotatePassword(integration.id, passwords[1] as string).catch(capture);
    await admin.integrations.update(integration.id, { password: passwords[1] as string }).catch(capture);
    t.registry.password = passwords[2] as string;
    await admin.integrations.rotatePassword(integration.id, passwords[2] as string);
    await admin.repositories.activate(integration.id, { names: ['app'] });
    await deliver(integration.webhookUrl as string, [pushed('app', 'v1', t.registry.tags.get('app:v1') as string)]);
    await deliver(`${integration.webhookUrl}x`, [pushed('app', 'v1', 'sha256:bad')]);
    const rotated = await admin.integrations.rotateWebhookSecret(integration.id);
    webhookSecrets.push(new URL(rotated.webhookUrl as string).searchParams.get('code') as string);
    await viewer.integrations.get(integration.id);
    await viewer.integrations.delete(integration.id).catch(capture);
    await new ScoutClient({ baseUrl: t.url, apiKey: `${t.keys.adminA}x`, retry: { maxRetries: 0 } })
      .me()
      .catch(capture);
    t.registry.failure = Object.assign(new Error(`registry echoed ${passwords[2]}`), { status: 500 });
    await deliver(rotated.webhookUrl as string, [pushed('app', 'v2', `sha256:${'c'.repeat(64)}`)]);
    await eventually(async () => t.logs.some((l) => l.includes('job failed')));
    t.registry.failure = undefined;
  });
  afterAll(() => t?.close());

  const apiKeys = () => [t.keys.adminA, t.keys.viewerA, t.keys.adminB].map((k) => k.slice(18));

  it('no password, API key or webhook secret in any log line', () => {
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [...passwords, ...apiKeys(), ...webhookSecrets]) expect(secret.length).toBeGreaterThan(20);
    for (const secret of [...passwords, ...apiKeys(), ...webhookSecrets]) expect(logs).not.toContain(secret);
  });

  it('no password or API key in any response; webhook secrets only in admin webhookUrl fields', () => {
    for (const x of exchanges) {
      for (const secret of [...passwords, ...apiKeys()]) expect(x.responseText).not.toContain(secret);
      const withoutWebhookUrls = x.responseText.replace(/"webhookUrl":"[^"]*"/g, '');
      for (const secret of webhookSecrets) expect(withoutWebhookUrls).not.toContain(secret);
    }
  });

  it('no secret in client errors', () => {
    expect(errors.length).toBeGreaterThan(0);
    for (const text of errors)
      for (const secret of [...passwords, ...apiKeys(), ...webhookSecrets]) expect(text).not.toContain(secret);
  });

  it('the job error stored for a registry failure is redacted', async () => {
    const text = JSON.stringify(
      await t.server.context.store.listJobs(
        (await t.client(t.keys.adminA).integrations.list().byPage().next()).value?.items[0]?.id ?? '',
        undefined,
        { limit: 100 },
      ),
    );
    for (const secret of passwords) expect(text).not.toContain(secret);
  });
});
