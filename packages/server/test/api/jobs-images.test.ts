import type { ScoutClient } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleted, deliver, pushed } from '../helpers/deliveries.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

describe('repositories, jobs and images', () => {
  let t: TestServer;
  let admin: ScoutClient;
  let id: string;
  let webhookUrl: string;

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.client(t.keys.adminA);
    t.registry.push('team/api', 'v1');
    t.registry.push('team/api', 'v2', { labels: { tier: 'backend' } });
    t.registry.push('team/web', 'latest', {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    t.registry.push('tools/ci', '1.0');
    const integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    id = integration.id;
    webhookUrl = integration.webhookUrl as string;
  });
  afterAll(() => t?.close());

  const images = async (repository: string, includeDeleted = false) => {
    const out = [];
    for await (const image of admin.images.list(id, repository, { includeDeleted })) out.push(image);
    return out;
  };

  it('lists the catalog joined with activation state', async () => {
    const repos = [];
    for await (const r of admin.repositories.list(id)) repos.push(r);
    expect(repos.map((r) => r.name)).toEqual(['team/api', 'team/web', 'tools/ci']);
    expect(repos.every((r) => !r.active && r.inCatalog)).toBe(true);
  });

  it('activates by glob and records each repository’s latest image', async () => {
    const result = await admin.repositories.activate(id, { patterns: ['team/*'] });
    expect(result).toEqual({ changed: ['team/api', 'team/web'], unchanged: [], queuedJobs: 2 });
    const api = await eventually(async () => ((await images('team/api')).length > 0 ? images('team/api') : undefined));
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({ tags: ['v2'], labels: { tier: 'backend' }, status: 'RECORDED', indexDigest: null });
    expect(api[0]?.layers).toHaveLength(2);
    expect(api[0]?.layers[0]?.diffId).toMatch(/^sha256:/);
    const again = await admin.repositories.activate(id, { names: ['team/api'] });
    expect(again).toEqual({ changed: [], unchanged: ['team/api'], queuedJobs: 0 });
  });

  it('records an index as one image per platform (attestations skipped) and finds it by tag', async () => {
    const web = await eventually(async () =>
      (await images('team/web')).length === 2 ? images('team/web') : undefined,
    );
    expect(web.map((i) => i.platform?.architecture).sort()).toEqual(['amd64', 'arm64']);
    const lookup = await admin.images.lookup(id, 'team/web:latest');
    expect(lookup.images).toHaveLength(2);
    expect(lookup.images[0]?.indexDigest).toBe(t.registry.tags.get('team/web:latest'));
    const byDigest = await admin.images.lookup(id, web[0]?.digest as string);
    expect(byDigest.images).toHaveLength(1);
  });

  it('records a pushed image from its event, and marks it deleted on ImageDeleted', async () => {
    const digest = t.registry.push('team/api', 'v3');
    expect((await deliver(webhookUrl, [pushed('team/api', 'v3', digest)])).status).toBe(200);
    const v3 = await eventually(
      async () => (await admin.images.lookup(id, 'team/api:v3').catch(() => undefined))?.images[0],
    );
    expect(v3.digest).toBe(digest);
    expect((await deliver(webhookUrl, [deleted('team/api', digest)])).status).toBe(200);
    await eventually(async () => (await images('team/api')).every((i) => i.digest !== digest));
    const all = await images('team/api', true);
    expect(all.find((i) => i.digest === digest)).toMatchObject({ status: 'DELETED', tags: [] });
    expect((await admin.images.lookup(id, 'team/api:v3').catch((e) => e)).status).toBe(404);
  });

  it('retries failing jobs with back-off, then dead-letters them, visible and retryable through the API', async () => {
    t.registry.failure = Object.assign(new Error('registry down'), { status: 503 });
    await deliver(webhookUrl, [pushed('team/api', 'v4', `sha256:${'b'.repeat(64)}`)]);
    const dead = await eventually(async () => {
      for await (const job of admin.jobs.list(id, { state: 'dead' })) return job;
      return undefined;
    });
    expect(dead).toMatchObject({ state: 'dead', attempts: 8, maxAttempts: 8, reference: 'team/api:v4' });
    expect(dead.lastError).toContain('registry down');
    t.registry.failure = undefined;
    const digest = t.registry.push('team/api', 'v4');
    await deliver(webhookUrl, [pushed('team/api', 'v4', digest)]);
    const requeued = await admin.jobs.retry(dead.id);
    expect(requeued.state).toBe('queued');
    expect((await admin.jobs.retry(dead.id).catch((e) => e)).status).toBe(409);
  });

  it('deactivates; later events are recorded but not analyzed', async () => {
    expect(await admin.repositories.deactivate(id, { patterns: ['team/**'] })).toMatchObject({
      changed: ['team/api', 'team/web'],
    });
    const digest = t.registry.push('team/api', 'v5');
    await deliver(webhookUrl, [pushed('team/api', 'v5', digest, 'evt-after-deactivate')]);
    const event = await eventually(async () => {
      for await (const e of admin.events.list(id)) if (e.id === 'evt-after-deactivate') return e;
      return undefined;
    });
    expect(event.disposition).toBe('not-activated');
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/scout_acr_webhook_events_accepted_total \d+/);
    expect(metrics).toMatch(/scout_acr_jobs\{state="dead"\} \d+/);
    expect(metrics).toMatch(/scout_acr_job_duration_seconds_count\{kind="image.pushed"\} \d+/);
    expect(metrics).toMatch(/scout_acr_registry_errors_total\{operation="manifest"\} \d+/);
  });
});
