import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DigestMismatchError,
  RegistryClient,
  RegistryDeniedError,
  RegistryNotFoundError,
  RegistryRateLimitedError,
  RegistryUnauthorizedError,
  RegistryUnavailableError,
  Secret,
} from '../../src/registry/index.js';
import { bearerAuth, digestOf, FakeServer, json, requireBearer } from './fake-registry.js';

const PASSWORD = 'pw-very-secret-value-42';

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** No secret may leak through message, JSON, inspect or stack. */
function expectNoSecrets(error: Error, ...secrets: string[]): void {
  const texts = [error.message, JSON.stringify(error), inspect(error, { depth: 5 }), String(error.stack)];
  for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
}

describe('RegistryClient against a scripted registry', () => {
  let server: FakeServer;
  let client: RegistryClient;
  beforeEach(async () => {
    server = await new FakeServer().start();
    client = new RegistryClient({
      loginServer: server.url,
      credentials: { username: 'reader', password: new Secret(PASSWORD) },
      timeoutMs: 2000,
      retry: { maxRetries: 0 },
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('answers the Bearer challenge once and reuses the token per scope set', async () => {
    const auth = bearerAuth(server, 'reader', PASSWORD);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'c', digest: 'sha256:c', size: 1 },
      layers: [],
    });
    server.on('GET', /^\/v2\/app\/manifests\//, (req, res) => {
      if (!requireBearer(req, res, server, auth.token, 'repository:app:pull')) return;
      res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': digestOf(manifest),
        })
        .end(manifest);
    });
    const first = await client.getManifest('app', 'latest');
    const second = await client.getManifest('app', '1.0').catch(() => undefined);
    expect(first.kind).toBe('image');
    expect(first.digest).toBe(digestOf(manifest));
    expect(second?.kind).toBe('image');
    expect(auth.tokenRequests()).toBe(1);
    const manifestCalls = server.requests.filter((r) => r.path.includes('/manifests/'));
    expect(manifestCalls.map((r) => r.authorization)).toEqual([
      undefined,
      `Bearer ${auth.token}`,
      `Bearer ${auth.token}`,
    ]);
    const tokenCall = server.requests.find((r) => r.path.startsWith('/token'));
    expect(tokenCall?.path).toContain('scope=repository%3Aapp%3Apull');
  });

  it('reports bad credentials as Unauthorized without leaking the password', async () => {
    bearerAuth(server, 'reader', 'another-password');
    server.on('GET', /^\/v2\/$/, (req, res) => {
      requireBearer(req, res, server, 'never', '');
    });
    const error = await caught(client.ping());
    expect(error).toBeInstanceOf(RegistryUnauthorizedError);
    expectNoSecrets(error, PASSWORD);
  });

  it('reports a scope the token endpoint does not grant as Denied, naming the scope', async () => {
    const auth = bearerAuth(server, 'reader', PASSWORD);
    server.on('GET', /^\/v2\/_catalog$/, (_req, res) => {
      json(
        res,
        401,
        { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        {
          'www-authenticate': `Bearer realm="${server.url}/token",service="fake",scope="registry:catalog:*",error="insufficient_scope"`,
        },
      );
    });
    const error = await caught(client.catalog()[Symbol.asyncIterator]().next());
    expect(error).toBeInstanceOf(RegistryDeniedError);
    expect((error as RegistryDeniedError).scope).toBe('registry:catalog:*');
    expectNoSecrets(error, PASSWORD, auth.token);
  });

  it('answers Basic challenges with the credentials', async () => {
    const basic = `Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}`;
    server.on('GET', /^\/v2\/$/, (req, res) => {
      if (req.headers.authorization === basic) json(res, 200, {});
      else json(res, 401, { errors: [] }, { 'www-authenticate': 'Basic realm="fake"' });
    });
    await client.ping();
    const wrong = new RegistryClient({
      loginServer: server.url,
      credentials: { username: 'reader', password: 'nope-nope' },
    });
    expect(await caught(wrong.ping())).toBeInstanceOf(RegistryUnauthorizedError);
    const anonymous = new RegistryClient({ loginServer: server.url });
    expect(await caught(anonymous.ping())).toBeInstanceOf(RegistryUnauthorizedError);
  });

  it('maps 429 to a transient RateLimited with Retry-After and 5xx to RegistryUnavailable', async () => {
    server.on('GET', /^\/v2\/$/, (_req, res) => json(res, 429, { errors: [] }, { 'retry-after': '2' }));
    const limited = await caught(client.ping());
    expect(limited).toBeInstanceOf(RegistryRateLimitedError);
    expect(limited).toMatchObject({ transient: true, retryAfterMs: 2000, status: 429 });
    server.on('GET', /^\/v2\/$/, (_req, res) => json(res, 503, { errors: [] }));
    const down = await caught(client.ping());
    expect(down).toBeInstanceOf(RegistryUnavailableError);
    expect(down).toMatchObject({ transient: true, status: 503 });
  });

  it('retries transient failures by default, honouring Retry-After', async () => {
    let calls = 0;
    server.on('GET', /^\/v2\/$/, (_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, { errors: [] }, { 'retry-after': '0' });
      else if (calls === 2) json(res, 502, { errors: [] }, { 'retry-after': '0' });
      else json(res, 200, {});
    });
    const retrying = new RegistryClient({ loginServer: server.url });
    await retrying.ping();
    expect(calls).toBe(3);
  });

  it('maps refused connections and header timeouts to RegistryUnavailable', async () => {
    server.on('GET', /^\/v2\/$/, () => {
      // never answers
    });
    const quick = new RegistryClient({ loginServer: server.url, timeoutMs: 200, retry: { maxRetries: 0 } });
    expect(await caught(quick.ping())).toBeInstanceOf(RegistryUnavailableError);
    const closed = new RegistryClient({ loginServer: 'http://127.0.0.1:1', retry: { maxRetries: 0 } });
    expect(await caught(closed.ping())).toBeInstanceOf(RegistryUnavailableError);
  });

  it('distinguishes NotFound kinds from the error code', async () => {
    server.on('GET', /^\/v2\/app\/manifests\//, (_req, res) =>
      json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
    );
    server.on('GET', /^\/v2\/nope\/tags\/list$/, (_req, res) =>
      json(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known' }] }),
    );
    const manifest = await caught(client.getManifest('app', 'gone'));
    expect(manifest).toBeInstanceOf(RegistryNotFoundError);
    expect(manifest).toMatchObject({ kind: 'manifest', repository: 'app', reference: 'gone' });
    const repo = await caught(client.tags('nope')[Symbol.asyncIterator]().next());
    expect(repo).toMatchObject({ kind: 'repository' });
  });

  it('fails a tag manifest whose bytes do not match Docker-Content-Digest', async () => {
    server.on('GET', /^\/v2\/app\/manifests\//, (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        'docker-content-digest': digestOf('other'),
      });
      res.end(JSON.stringify({ schemaVersion: 2, manifests: [] }));
    });
    expect(await caught(client.getManifest('app', 'latest'))).toBeInstanceOf(DigestMismatchError);
  });

  it('streams blobs with digest verification and fails corrupted ones at the end', async () => {
    const good = Buffer.alloc(300_000, 7);
    server.on('GET', /^\/v2\/app\/blobs\//, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(good);
    });
    expect((await drain(await client.getBlob('app', digestOf(good)))).equals(good)).toBe(true);
    const other = digestOf('something else');
    const error = await caught(client.getBlob('app', other).then(drain));
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(error).toMatchObject({ expected: other, actual: digestOf(good) });
  });

  it('follows redirects, dropping Authorization when they leave the registry origin', async () => {
    const storage = await new FakeServer().start();
    try {
      const blob = Buffer.from('layer bytes');
      const auth = bearerAuth(server, 'reader', PASSWORD);
      storage.on('GET', /^\/container\//, (_req, res) => res.writeHead(200).end(blob));
      server.on('GET', /^\/v2\/app\/blobs\//, (req, res) => {
        if (!requireBearer(req, res, server, auth.token, 'repository:app:pull')) return;
        res.writeHead(307, { location: '/v2/app/moved' }).end();
      });
      server.on('GET', /^\/v2\/app\/moved$/, (req, res) => {
        res.writeHead(307, { location: `${storage.url}/container/blob?sig=abc` }).end();
        expect(req.headers.authorization).toBe(`Bearer ${auth.token}`);
      });
      const got = await drain(await client.getBlob('app', digestOf(blob)));
      expect(got.equals(blob)).toBe(true);
      expect(storage.requests).toHaveLength(1);
      expect(storage.requests[0]?.authorization).toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('aborts a streaming blob through the AbortSignal', async () => {
    server.on('GET', /^\/v2\/app\/blobs\//, (_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(1024));
      // keeps the stream open
    });
    const controller = new AbortController();
    const stream = await client.getBlob('app', digestOf('x'), { signal: controller.signal });
    const reading = drain(stream);
    controller.abort(new Error('stop now'));
    const error = await caught(reading);
    expect(error.message).toContain('stop now');
  });

  it('follows Link pagination in the catalog and tags', async () => {
    const pages: Record<string, { repositories: string[]; link?: string }> = {
      '': { repositories: ['a', 'b'], link: '</v2/_catalog?last=b&n=2>; rel="next"' },
      b: { repositories: ['c', 'd'], link: '</v2/_catalog?last=d&n=2>; rel="next"' },
      d: { repositories: ['e'] },
    };
    server.on('GET', /^\/v2\/_catalog$/, (_req, res, url) => {
      const page = pages[url.searchParams.get('last') ?? ''];
      json(res, 200, { repositories: page?.repositories }, page?.link ? { link: page.link } : {});
    });
    const names: string[] = [];
    for await (const name of client.catalog({ pageSize: 2 })) names.push(name);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.requests.filter((r) => r.path.startsWith('/v2/_catalog'))).toHaveLength(3);
  });

  it('falls back to config creation times for the newest tag when /acr/v1 is missing', async () => {
    const configs: Record<string, string> = {};
    const manifests: Record<string, string> = {};
    for (const [tag, created] of [
      ['old', '2021-01-01T00:00:00Z'],
      ['new', '2024-05-01T00:00:00Z'],
      ['mid', '2023-01-01T00:00:00Z'],
    ] as const) {
      const config = JSON.stringify({ created, os: 'linux', architecture: 'amd64' });
      configs[digestOf(config)] = config;
      manifests[tag] = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: digestOf(config),
          size: config.length,
        },
        layers: [],
      });
    }
    server.on('GET', /^\/v2\/app\/tags\/list$/, (_req, res) =>
      json(res, 200, { name: 'app', tags: Object.keys(manifests) }),
    );
    server.on('GET', /^\/v2\/app\/manifests\//, (_req, res, url) => {
      const body = manifests[url.pathname.split('/').pop() ?? ''] ?? '';
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(body);
    });
    server.on('GET', /^\/v2\/app\/blobs\//, (_req, res, url) =>
      res.writeHead(200).end(configs[url.pathname.split('/').pop() ?? '']),
    );
    const newest = await client.newestTag('app');
    expect(newest).toMatchObject({ name: 'new', source: 'config-created', updatedAt: '2024-05-01T00:00:00Z' });
    expect(newest?.digest).toBe(digestOf(manifests.new as string));
  });
});
