import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Image, Integration, Repository, ScoutClient } from '@scout-acr/sdk/client';
import { buildSubscriptionValidationEvent } from '@scout-acr/sdk/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePackage } from '../../src/analysis/index.js';
import type { ImageRecord } from '../../src/store/index.js';
import { importOsv } from '../../src/vulndb/index.js';
import { deleted, deliver, pushed, REGISTRY_ID } from '../helpers/deliveries.js';
import { LATER_LODASH_RECORD } from '../helpers/osv-records.js';
import { eventually } from '../helpers/test-server.js';
import { type DashboardTestServer, startDashboardServer } from './helpers.js';

/** The real OSV records shared by the project. */
const OSV = fileURLToPath(new URL('../../../../../shared/fixtures/osv', import.meta.url));
const HOUR = 60 * 60_000;
const REPO = 'team-a/app';

const lodash = (version: string, layer: string): ImagePackage => ({
  type: 'npm',
  name: 'lodash',
  version,
  purl: `pkg:npm/lodash@${version}`,
  licenses: ['MIT'],
  locations: ['/app/node_modules/lodash/package.json'],
  layer,
  foundBy: 'npm-package-json',
});

const total = (c: Record<string, number> | null | undefined) => Object.values(c ?? {}).reduce((a, b) => a + b, 0);

describe('the data the dashboard shows: webhook health, latest image per repository, severity trend', () => {
  let t: DashboardTestServer;
  let admin: ScoutClient;
  let integration: Integration;
  let offset = 0;
  const digests: string[] = [];

  /** Records `REPO:tag` through the webhook and the worker, then stores its analysis through the findings service. */
  async function pushAndAnalyze(tag: string, lodashVersion: string): Promise<Image> {
    t.registry.push(REPO, tag);
    await deliver(integration.webhookUrl as string, [
      pushed(REPO, tag, t.registry.tags.get(`${REPO}:${tag}`) as string),
    ]);
    const image = await eventually(async () => {
      const found = await admin.images.lookup(integration.id, `${REPO}:${tag}`).catch(() => undefined);
      return found?.images[0];
    });
    const key = { integrationId: integration.id, repository: REPO, digest: image.digest };
    const packages = [lodash(lodashVersion, image.layers[0]?.diffId as string)];
    const now = t.server.context.now();
    await t.server.context.store.saveImageAnalysis(
      key,
      { distro: undefined, packages, errors: [], durationMs: 1, layersRead: 1, layersCached: 0 },
      now,
    );
    await t.server.context.findings?.onInventory(key as ImageRecord, { packages, errors: [] });
    digests.push(image.digest);
    return image;
  }

  beforeAll(async () => {
    t = await startDashboardServer({ vulnDbPollMs: 0 });
    t.server.context.now = () => Date.now() + offset;
    admin = t.client(t.keys.adminA);
    t.registry.push('team-a/never-pushed', 'v1');
    integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    await admin.repositories.activate(integration.id, { names: [REPO] });
    await importOsv([join(OSV, 'npm')], { dataDir: t.dataDir });
    expect(await t.server.context.findings?.checkForUpdate()).toBe(true);
  });
  afterAll(() => t?.close());

  it('an integration starts with an empty webhook health, shown to viewers too', async () => {
    const viewer = await t.client(t.keys.viewerA).integrations.get(integration.id);
    expect(viewer.webhookHealth).toEqual({ lastEventAt: null, lastHandshakeAt: null, eventsLast24h: 0, deadJobs: 0 });
    expect(viewer.webhookUrl).toBeUndefined();
    expect(JSON.stringify(viewer)).not.toContain(new URL(integration.webhookUrl as string).searchParams.get('code'));
  });

  it('records the validation handshake time', async () => {
    const before = t.server.context.now();
    const event = buildSubscriptionValidationEvent({ topic: REGISTRY_ID, validationCode: 'CODE-1' });
    const res = await deliver(integration.webhookUrl as string, [event], {
      'aeg-event-type': 'SubscriptionValidation',
    });
    expect(res.status).toBe(200);
    const health = (await admin.integrations.get(integration.id)).webhookHealth;
    expect(Date.parse(health?.lastHandshakeAt as string)).toBeGreaterThanOrEqual(before);
    expect(health?.lastEventAt).toBeNull();
  });

  it('builds the trend from analyses of newer images and re-matches of the latest one', async () => {
    const v1 = await pushAndAnalyze('v1', '4.17.15');
    offset += HOUR;
    const v2 = await pushAndAnalyze('v2', '4.17.21');
    offset += HOUR;
    // A database change: the later advisory is merged in, and every stored image is re-matched.
    const extra = mkdtempSync(join(tmpdir(), 'scout-acr-osv-'));
    writeFileSync(join(extra, 'GHSA-test-test-test.json'), JSON.stringify(LATER_LODASH_RECORD));
    await new Promise((r) => setTimeout(r, 5)); // a distinct importedAt
    await importOsv([extra], { dataDir: t.dataDir, mode: 'merge' });
    rmSync(extra, { recursive: true, force: true });
    expect(await t.server.context.findings?.checkForUpdate()).toBe(true);

    const history = async (digest: string) => {
      const entries = [];
      for await (const entry of admin.images.history(integration.id, digest)) entries.push(entry);
      return entries.reverse(); // oldest first
    };
    const h1 = await history(v1.digest);
    const h2 = await history(v2.digest);
    expect(h1.map((e) => e.kind)).toEqual(['analysis', 'rematch']);
    expect(h2.map((e) => e.kind)).toEqual(['analysis', 'rematch']);
    expect(total(h1[0]?.vulnerabilities)).toBeGreaterThan(total(h2[0]?.vulnerabilities));
    expect(h2[1]?.vulnerabilities?.high).toBe((h2[0]?.vulnerabilities?.high ?? 0) + 1);

    const trend = await admin.repositories.trend(integration.id, REPO);
    expect(trend.repository).toBe(REPO);
    // v1's re-match is not a point: by then v2 was the latest image.
    expect(trend.points).toEqual([
      { at: h1[0]?.at, digest: v1.digest, ...h1[0]?.vulnerabilities },
      { at: h2[0]?.at, digest: v2.digest, ...h2[0]?.vulnerabilities },
      { at: h2[1]?.at, digest: v2.digest, ...h2[1]?.vulnerabilities },
    ]);
    const times = trend.points.map((p) => Date.parse(p.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[1]).toBeGreaterThanOrEqual((times[0] as number) + HOUR);

    expect(await admin.repositories.trend(integration.id, 'team-a/never-pushed')).toEqual({
      repository: 'team-a/never-pushed',
      points: [],
    });
    const viewerTrend = await t.client(t.keys.viewerA).repositories.trend(integration.id, REPO);
    expect(viewerTrend).toEqual(trend);
  });

  it('lists each repository with its latest image and its severity counts', async () => {
    const repos: Repository[] = [];
    for await (const r of admin.repositories.list(integration.id)) repos.push(r);
    const app = repos.find((r) => r.name === REPO);
    const lookup = (await admin.images.lookup(integration.id, `${REPO}:v2`)).images[0] as Image;
    expect(app?.latestImage).toEqual({
      digest: digests[1],
      tags: ['v2'],
      status: 'ANALYZED',
      recordedAt: lookup.recordedAt,
      analyzedAt: lookup.analyzedAt,
      vulnerabilities: lookup.vulnerabilities,
    });
    expect(total(app?.latestImage?.vulnerabilities)).toBeGreaterThan(0);
    expect(repos.find((r) => r.name === 'team-a/never-pushed')?.latestImage).toBeNull();
  });

  it('falls back to the previous image when the latest is deleted', async () => {
    await deliver(integration.webhookUrl as string, [deleted(REPO, digests[1] as string)]);
    const app = await eventually(async () => {
      for await (const r of admin.repositories.list(integration.id)) {
        if (r.name === REPO && r.latestImage?.digest === digests[0]) return r;
      }
      return undefined;
    });
    expect(app.latestImage).toMatchObject({ digest: digests[0], tags: ['v1'], status: 'ANALYZED' });
  });

  it('counts events of the last 24 h and dead-lettered jobs', async () => {
    t.registry.failure = Object.assign(new Error('registry down'), { status: 503 });
    await deliver(integration.webhookUrl as string, [pushed(REPO, 'v9', `sha256:${'d'.repeat(64)}`)]);
    await eventually(async () => {
      for await (const job of admin.jobs.list(integration.id, { state: 'dead' })) return job;
      return undefined;
    });
    t.registry.failure = undefined;
    let events = 0;
    let last = '';
    for await (const e of admin.events.list(integration.id)) {
      events++;
      if (e.receivedAt > last) last = e.receivedAt;
    }
    expect(events).toBe(4); // v1, v2, the deletion, v9
    const got = await admin.integrations.get(integration.id);
    expect(got.webhookHealth).toMatchObject({ lastEventAt: last, eventsLast24h: 4, deadJobs: 1 });
    let listed: Integration | undefined;
    for await (const i of admin.integrations.list()) if (i.id === integration.id) listed = i;
    expect(listed?.webhookHealth).toEqual(got.webhookHealth);
    // Another organization's integrations have their own, empty health.
    const other = await t.client(t.keys.adminB).integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    expect(other.webhookHealth).toEqual({ lastEventAt: null, lastHandshakeAt: null, eventsLast24h: 0, deadJobs: 0 });

    offset += 25 * HOUR;
    const later = await admin.integrations.get(integration.id);
    expect(later.webhookHealth).toMatchObject({ lastEventAt: last, eventsLast24h: 0, deadJobs: 1 });
  });
});
