import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScoutApiError, ScoutClient } from '../../src/client.js';

const KEY = 'sacr_0123456789ab_SECRETSECRETSECRETSECRETSECRETSECRETSECRET123';
const NOW = '2026-01-01T00:00:00.000Z';
const integration = (id: string) => ({
  id,
  name: 'reg',
  loginServer: 'reg.azurecr.io',
  tokenName: 'tok',
  status: 'CONNECTED',
  statusReason: null,
  failure: null,
  lastCheckedAt: NOW,
  createdAt: NOW,
  updatedAt: NOW,
});

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A scripted fetch: answers in order, records each request. */
function scripted(replies: Reply[]) {
  const requests: Array<{ url: string; method: string; headers: Record<string, string>; body: string | undefined }> =
    [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    requests.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    });
    const reply = replies.shift();
    if (!reply) throw new Error('no more replies');
    if (reply instanceof Error) throw reply;
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }) as unknown as typeof fetch;
  return { fetchFn, requests };
}

const client = (fetchFn: typeof fetch, extra: Partial<ConstructorParameters<typeof ScoutClient>[0]> = {}) =>
  new ScoutClient({
    baseUrl: 'http://scout.test/',
    apiKey: KEY,
    fetch: fetchFn,
    retry: { baseDelayMs: 1, maxRetries: 3 },
    ...extra,
  });

const apiError = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message, requestId: 'req-1' } },
});

describe('ScoutClient', () => {
  it('sends bearer auth to the contract path and parses the typed result', async () => {
    const { fetchFn, requests } = scripted([{ status: 200, body: integration('int_1') }]);
    const result = await client(fetchFn).integrations.get('int_1');
    expect(result.id).toBe('int_1');
    expect(requests[0]?.url).toBe('http://scout.test/v1/integrations/int_1');
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('retries 429 and 503, honouring Retry-After', async () => {
    const delays: number[] = [];
    const { fetchFn, requests } = scripted([
      { ...apiError(429, 'TooManyRequests', 'slow down'), headers: { 'retry-after-ms': '7' } },
      { ...apiError(503, 'Unavailable', 'busy'), headers: { 'retry-after': '0' } },
      { status: 200, body: { organization: 'o', role: 'admin', keyId: 'k' } },
    ]);
    const c = client(fetchFn, { retry: { baseDelayMs: 1, onRetry: (i) => delays.push(i.delayMs) } });
    expect((await c.me()).organization).toBe('o');
    expect(requests).toHaveLength(3);
    expect(delays).toEqual([7, 0]);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries %i', async (status) => {
    const { fetchFn, requests } = scripted([apiError(status, 'Nope', 'no'), { status: 200, body: {} }]);
    const error = await client(fetchFn)
      .me()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScoutApiError);
    expect(error).toMatchObject({ status, code: 'Nope', requestId: 'req-1', transient: false });
    expect(requests).toHaveLength(1);
  });

  it('retries dropped connections for reads, not for writes', async () => {
    const read = scripted([new TypeError('fetch failed'), { status: 200, body: integration('int_1') }]);
    expect((await client(read.fetchFn).integrations.get('int_1')).id).toBe('int_1');
    const write = scripted([new TypeError('fetch failed'), { status: 201, body: integration('int_2') }]);
    const error = await client(write.fetchFn)
      .integrations.create({ loginServer: 'r.azurecr.io', tokenName: 'tok', password: 'pw' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NetworkError' });
    expect(write.requests).toHaveLength(1);
  });

  it('redacts the API key and request passwords from errors', async () => {
    const password = 'hunter2-hunter2';
    const { fetchFn } = scripted([apiError(422, 'PasswordRejected', `bad ${password} with ${KEY}`)]);
    const error = (await client(fetchFn)
      .integrations.rotatePassword('int_1', password)
      .catch((e: unknown) => e)) as ScoutApiError;
    const text = `${error.message} ${JSON.stringify(error)} ${String(error)} ${error.stack}`;
    expect(text).not.toContain(password);
    expect(text).not.toContain(KEY);
    expect(error.message).toContain('(sensitive)');
  });

  it('rejects a response that breaks the contract', async () => {
    const { fetchFn } = scripted([{ status: 200, body: { id: 1 } }]);
    expect(
      await client(fetchFn)
        .integrations.get('x')
        .catch((e: unknown) => e),
    ).toMatchObject({ code: 'InvalidResponse' });
  });

  it('honours AbortSignal and times out an attempt', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as unknown as typeof fetch;
    const controller = new AbortController();
    const pending = client(hanging).me({ signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
    const timedOut = await client(hanging, { retry: { maxRetries: 0 } })
      .me({ timeoutMs: 20 })
      .catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'Timeout' });
  });

  it('iterates every item lazily and pages with byPage and a continuation token', async () => {
    const pages = [
      { status: 200, body: { items: [integration('a'), integration('b')], nextCursor: 'c1' } },
      { status: 200, body: { items: [integration('c')], nextCursor: null } },
    ];
    const all = scripted(structuredClone(pages));
    const ids: string[] = [];
    for await (const i of client(all.fetchFn).integrations.list({ pageSize: 2 })) ids.push(i.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(all.requests.map((r) => new URL(r.url).search)).toEqual(['?limit=2', '?cursor=c1&limit=2']);

    const lazy = scripted(structuredClone(pages));
    for await (const _ of client(lazy.fetchFn).integrations.list()) break;
    expect(lazy.requests).toHaveLength(1);

    const resumed = scripted([pages[1] as Reply]);
    const seen = [];
    for await (const page of client(resumed.fetchFn).integrations.list().byPage({ continuationToken: 'c1' }))
      seen.push(page);
    expect(seen).toHaveLength(1);
    expect(new URL(resumed.requests[0]?.url ?? '').searchParams.get('cursor')).toBe('c1');
  });

  it('never shows the API key when inspected', () => {
    const c = client(scripted([]).fetchFn);
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(KEY);
  });
});
