import { type OperationId, type RouteDef, routes } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, pushed } from '../helpers/deliveries.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * A valid request for every route of the contract. Typed by OperationId, so adding a route to the contract
 * without adding it here fails the type check, and the test below fails at run time too.
 */
type Sample = {
  query?: Record<string, string>;
  body?: unknown;
  resource?: 'integration' | 'job';
  /** Path parameters other than `{id}`. */
  params?: Record<string, string>;
};
/** A reconciler inventory address: it contains `/`, so the path carries it URL-encoded. */
const INVENTORY_ADDRESS = '00000000-0000-0000-0000-000000000001/rg/reg';
const SAMPLES: Record<OperationId, Sample> = {
  getIdentity: {},
  listIntegrations: {},
  createIntegration: { body: { loginServer: 'other.azurecr.io', tokenName: 'tok-en', password: 'pw-123456' } },
  getIntegration: { resource: 'integration' },
  updateIntegration: { resource: 'integration', body: { name: 'renamed' } },
  deleteIntegration: { resource: 'integration' },
  testIntegration: { resource: 'integration', body: {} },
  rotatePassword: { resource: 'integration', body: { password: 'new-password' } },
  rotateWebhookSecret: { resource: 'integration', body: {} },
  listRepositories: { resource: 'integration' },
  activateRepositories: { resource: 'integration', body: { names: ['app'] } },
  deactivateRepositories: { resource: 'integration', body: { names: ['app'] } },
  getRepositoryTrend: { resource: 'integration', query: { repository: 'app' } },
  listImages: { resource: 'integration', query: { repository: 'app' } },
  lookupImage: { resource: 'integration', query: { reference: 'app:v1' } },
  listImagePackages: { resource: 'integration', params: { digest: `sha256:${'0'.repeat(64)}` } },
  listImageVulnerabilities: { resource: 'integration', params: { digest: `sha256:${'0'.repeat(64)}` } },
  getImageSbom: {
    resource: 'integration',
    params: { digest: `sha256:${'0'.repeat(64)}` },
    query: { format: 'cyclonedx' },
  },
  listImageHistory: { resource: 'integration', params: { digest: `sha256:${'0'.repeat(64)}` } },
  getVulnDbStatus: {},
  listEvents: { resource: 'integration' },
  listJobs: { resource: 'integration' },
  getJob: { resource: 'job' },
  retryJob: { resource: 'job', body: {} },
  listInventories: {},
  putInventory: {
    params: { address: INVENTORY_ADDRESS },
    body: { managedBy: 'scout-acr', address: INVENTORY_ADDRESS },
  },
  deleteInventory: { params: { address: INVENTORY_ADDRESS } },
  acquireLease: { params: { name: 'main' }, body: { holder: 'b-1', ttlSeconds: 60 } },
  renewLease: { params: { name: 'main' }, body: { holder: 'b-1', ttlSeconds: 60 } },
  releaseLease: { params: { name: 'main' }, query: { holder: 'b-1' } },
};

describe('organization isolation over every route', () => {
  let t: TestServer;
  const ids = { integration: '', job: '' };

  beforeAll(async () => {
    t = await startTestServer();
    t.registry.push('app', 'v1');
    const a = t.client(t.keys.adminA);
    const integration = await a.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    ids.integration = integration.id;
    await a.repositories.activate(integration.id, { names: ['app'] });
    await deliver(integration.webhookUrl as string, [pushed('app', 'v1', t.registry.tags.get('app:v1') as string)]);
    ids.job = await eventually(async () => {
      for await (const job of a.jobs.list(integration.id)) if (job.state === 'succeeded') return job.id;
      return undefined;
    });
  });
  afterAll(() => t?.close());

  const call = (def: RouteDef, key: string | undefined, sample: Sample) => {
    const id = sample.resource ? ids[sample.resource] : '';
    let path = def.path.replace('{id}', id);
    for (const [name, value] of Object.entries(sample.params ?? {}))
      path = path.replace(`{${name}}`, encodeURIComponent(value));
    const qs = sample.query ? `?${new URLSearchParams(sample.query)}` : '';
    return fetch(`${t.url}${path}${qs}`, {
      method: def.method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      body: sample.body === undefined ? undefined : JSON.stringify(sample.body),
    });
  };

  it('has a sample for every route', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(routes).sort());
  });

  for (const [operationId, def] of Object.entries(routes) as Array<[OperationId, RouteDef]>) {
    const sample = SAMPLES[operationId];

    it(`${operationId}: 401 without a key or with a revoked-looking key`, async () => {
      expect((await call(def, undefined, sample)).status).toBe(401);
      expect((await call(def, 'sacr_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', sample)).status).toBe(
        401,
      );
    });

    if (def.role === 'admin') {
      it(`${operationId}: 403 for a viewer key`, async () => {
        expect((await call(def, t.keys.viewerA, sample)).status).toBe(403);
      });
    }

    if (sample.resource) {
      it(`${operationId}: another organization gets 404 and changes nothing`, async () => {
        const res = await call(def, t.keys.adminB, sample);
        expect(res.status).toBe(404);
        const body = await res.text();
        expect(body).not.toContain(ids.integration);
        // The owner still sees its integration unchanged.
        const own = await t.client(t.keys.adminA).integrations.get(ids.integration);
        expect(own.name).toBe('reg.azurecr.io');
      });
    } else {
      it(`${operationId}: another organization sees none of this organization's data`, async () => {
        const res = await call(def, t.keys.adminB, sample);
        expect(res.status).toBeLessThan(300);
        const body = await res.text();
        expect(body).not.toContain(ids.integration);
        expect(body).not.toContain('org-a');
      });
    }
  }

  it("an organization cannot guess another's ids into its own listings", async () => {
    const b = t.client(t.keys.adminB);
    const seen: string[] = [];
    for await (const i of b.integrations.list()) seen.push(i.id);
    expect(seen).not.toContain(ids.integration);
  });
});
