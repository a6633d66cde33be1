import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument, type Image, ScoutClient } from '@scout-acr/sdk/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_VERSION } from '../../src/index.js';
import { importOsv } from '../../src/vulndb/index.js';
import { deliver, pushed } from '../helpers/deliveries.js';
import { type Exchange, recordingFetch } from '../helpers/recording-fetch.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: object }>;
  requestBody?: { required: boolean; content: { 'application/json': { schema: object } } };
  responses: Record<string, { content: { 'application/json': { schema: object } } }>;
};

/** The real OSV records shared by the project (`../shared/fixtures/osv` from the repository root). */
const OSV_FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/osv', import.meta.url));

const DOC_ID = 'https://scout-acr.invalid/openapi.json';
const doc = { $id: DOC_ID, ...buildOpenApiDocument(SERVER_VERSION) } as unknown as {
  paths: Record<string, Record<string, Operation>>;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc);
const pointer = (...parts: string[]) =>
  `${DOC_ID}#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

function findOperation(
  method: string,
  path: string,
): { template: string; op: Operation; params: Record<string, string> } {
  for (const [template, ops] of Object.entries(doc.paths)) {
    const names: string[] = [];
    const source = template.replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    const re = new RegExp(`^${source}$`);
    const m = re.exec(path);
    const op = ops[method.toLowerCase()];
    if (m && op)
      return {
        template,
        op,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)])),
      };
  }
  throw new Error(`no operation for ${method} ${path}`);
}

function check(schemaRef: string, value: unknown, what: string): void {
  const validate = ajv.getSchema(schemaRef) ?? ajv.compile({ $ref: schemaRef });
  expect(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** Validates one recorded exchange against the OpenAPI document: request parameters, body and response. */
function validateExchange(x: Exchange): string {
  const { template, op, params } = findOperation(x.method, x.url.pathname);
  const method = x.method.toLowerCase();
  for (const [i, p] of (op.parameters ?? []).entries()) {
    const value = p.in === 'path' ? params[p.name] : (x.url.searchParams.get(p.name) ?? undefined);
    if (value === undefined) {
      expect(p.required, `${op.operationId}: required ${p.in} parameter ${p.name}`).toBe(false);
      continue;
    }
    const typed = (p.schema as { type?: string }).type === 'integer' ? Number(value) : value;
    check(pointer('paths', template, method, 'parameters', String(i), 'schema'), typed, `${op.operationId} ${p.name}`);
  }
  for (const name of x.url.searchParams.keys()) {
    expect(
      (op.parameters ?? []).some((p) => p.name === name),
      `${op.operationId}: undocumented query ${name}`,
    ).toBe(true);
  }
  if (x.requestBody !== undefined) {
    expect(op.requestBody, `${op.operationId} takes a body`).toBeDefined();
    check(
      pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema'),
      x.requestBody,
      `${op.operationId} request`,
    );
  } else if (op.requestBody?.required) throw new Error(`${op.operationId}: body required`);
  const response = op.responses[String(x.status)];
  expect(response, `${op.operationId}: status ${x.status} is documented`).toBeDefined();
  check(
    pointer('paths', template, method, 'responses', String(x.status), 'content', 'application/json', 'schema'),
    JSON.parse(x.responseText),
    `${op.operationId} ${x.status} response`,
  );
  return op.operationId;
}

describe('API contract: ScoutClient requests and server responses match docs/openapi.json', () => {
  let t: TestServer;
  const exchanges: Exchange[] = [];
  let client: ScoutClient;

  beforeAll(async () => {
    t = await startTestServer();
    client = new ScoutClient({
      baseUrl: t.url,
      apiKey: t.keys.adminA,
      fetch: recordingFetch(exchanges),
      retry: { maxRetries: 0 },
    });
  });
  afterAll(() => t?.close());

  it('covers every operation, success and error answers alike', async () => {
    t.registry.push('app', 'v1', {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
    await client.me();
    const integration = await client.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    for await (const _ of client.integrations.list({ pageSize: 1 })) break;
    await client.integrations.get(integration.id);
    await client.integrations.update(integration.id, { name: 'renamed' });
    await client.integrations.test(integration.id);
    await client.integrations.rotatePassword(integration.id, 'wrong').catch(() => undefined); // 422
    await client.integrations.rotatePassword(integration.id, t.registry.password);
    await client.integrations.rotateWebhookSecret(integration.id);
    for await (const _ of client.repositories.list(integration.id)) break;
    await client.repositories.activate(integration.id, { patterns: ['*'] });
    await deliver((await client.integrations.get(integration.id)).webhookUrl as string, [
      pushed('app', 'v1', t.registry.tags.get('app:v1') as string),
    ]);
    await eventually(
      async () => (await client.images.lookup(integration.id, 'app:v1').catch(() => undefined))?.images.length === 2,
    );
    for await (const _ of client.images.list(integration.id, 'app', { includeDeleted: true, pageSize: 1 })) break;
    await client.images.lookup(integration.id, 'app:nope').catch(() => undefined); // 404
    const amd64 = (await client.images.lookup(integration.id, 'app:v1')).images[0] as Image;
    await client.images
      .packages(integration.id, amd64.digest)
      .byPage()
      .next()
      .catch(() => undefined); // 409
    // This server records without analyzing (the fake registry has no layer bytes): store one analysis directly.
    await t.server.context.store.saveImageAnalysis(
      { integrationId: integration.id, repository: 'app', digest: amd64.digest },
      {
        distro: { id: 'debian', versionId: '12', idLike: [] },
        packages: [
          {
            type: 'deb',
            name: 'zlib1g',
            version: '1:1.2.13.dfsg-1',
            purl: 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12',
            arch: 'amd64',
            source: { name: 'zlib', version: '1:1.2.13.dfsg-1' },
            licenses: ['Zlib'],
            locations: ['/var/lib/dpkg/status'],
            layer: amd64.layers[0]?.diffId as string,
            foundBy: 'dpkg-status',
          },
        ],
        errors: [],
        durationMs: 1,
        layersRead: 1,
        layersCached: 0,
      },
      Date.now(),
    );
    for await (const _ of client.images.packages(integration.id, amd64.digest, { type: 'deb', name: 'zlib' })) break;
    // Vulnerabilities: 409 before any database; then the real OSV fixtures imported and noticed by the server.
    await client.images
      .vulnerabilities(integration.id, amd64.digest)
      .byPage()
      .next()
      .catch(() => undefined); // 409 NoVulnerabilityDatabase
    await client.vulndb.status();
    await importOsv(OSV_FIXTURES, { dataDir: t.dataDir });
    await t.server.context.findings?.checkForUpdate();
    for await (const _ of client.images.vulnerabilities(integration.id, amd64.digest, {
      severity: ['critical', 'high'],
      fixable: true,
      packageType: 'deb',
      id: 'CVE-2024-0553',
    }))
      break;
    await client.images.sbom(integration.id, amd64.digest, 'cyclonedx');
    await client.images.sbom(integration.id, amd64.digest, 'spdx');
    for await (const _ of client.images.history(integration.id, amd64.digest)) break;
    await client.repositories.trend(integration.id, 'app');
    await client.vulndb.status();
    for await (const _ of client.events.list(integration.id)) break;
    let jobId = '';
    for await (const job of client.jobs.list(integration.id, { state: 'succeeded' })) jobId = job.id;
    await client.jobs.get(jobId);
    await client.jobs.retry(jobId).catch(() => undefined); // 409
    await client.repositories.deactivate(integration.id, { names: ['app'] });
    await client.integrations.get('int_missing').catch(() => undefined); // 404
    await new ScoutClient({ baseUrl: t.url, apiKey: t.keys.viewerA, fetch: recordingFetch(exchanges) }).integrations
      .delete(integration.id)
      .catch(() => undefined); // 403
    // Reconciler state: an inventory written, guarded, listed, deleted; a lease taken, contended, renewed, released.
    const address = '00000000-0000-0000-0000-000000000001/rg/reg';
    await client.reconciler.putInventory({ managedBy: 'scout-acr', address, integrationId: integration.id });
    await client.reconciler.putInventory({ managedBy: 'scout-acr', address }, { ifRevision: 0 }).catch(() => undefined); // 409
    for await (const _ of client.reconciler.listInventories()) break;
    await client.reconciler.deleteInventory(address);
    await client.reconciler.acquireLease('main', { holder: 'rec-1', ttlSeconds: 60 });
    await client.reconciler.acquireLease('main', { holder: 'rec-2', ttlSeconds: 60 }); // 409 LeaseHeld
    await client.reconciler.renewLease('main', { holder: 'rec-1', ttlSeconds: 60 });
    await client.reconciler.releaseLease('main', 'rec-1');
    await client.integrations.delete(integration.id);

    const covered = new Set(exchanges.map(validateExchange));
    const all = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect([...covered].sort()).toEqual([...all].sort());
    expect(new Set(exchanges.map((x) => x.status))).toEqual(new Set([200, 201, 403, 404, 409, 422]));
  });
});
