import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** Lease expiry follows the server's clock: the tests drive `context.now` instead of waiting. */
describe('reconciler leases', () => {
  let t: TestServer;
  let clock = Date.parse('2026-06-01T12:00:00.000Z');
  const at = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    t = await startTestServer({ worker: false });
    t.server.context.now = () => clock;
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    clock += 24 * 3600_000; // each test starts long after the previous one's leases expired
  });

  const lease = () => t.client(t.keys.adminA).reconciler;

  it('is taken when free, refused to another holder while live, and renewed by its holder', async () => {
    const start = clock;
    expect(await lease().acquireLease('main', { holder: 'rec-1', ttlSeconds: 60 })).toEqual({
      name: 'main',
      acquired: true,
      holder: 'rec-1',
      expiresAt: at(start + 60_000),
    });
    clock += 30_000;
    expect(await lease().acquireLease('main', { holder: 'rec-2', ttlSeconds: 60 })).toEqual({
      name: 'main',
      acquired: false,
      holder: 'rec-1',
      expiresAt: at(start + 60_000),
    });
    // Re-acquiring by the same holder renews.
    expect(await lease().acquireLease('main', { holder: 'rec-1', ttlSeconds: 60 })).toMatchObject({
      acquired: true,
      expiresAt: at(clock + 60_000),
    });
    clock += 40_000;
    expect(await lease().renewLease('main', { holder: 'rec-1', ttlSeconds: 120 })).toMatchObject({
      acquired: true,
      holder: 'rec-1',
      expiresAt: at(clock + 120_000),
    });
    await lease().releaseLease('main', 'rec-1');
  });

  it('answers 409 with the holder on the wire', async () => {
    await lease().acquireLease('wire', { holder: 'rec-1', ttlSeconds: 60 });
    const res = await fetch(`${t.url}/v1/reconciler/leases/wire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.adminA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ holder: 'rec-2', ttlSeconds: 60 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      acquired: false,
      holder: 'rec-1',
      expiresAt: at(clock + 60_000),
      error: { code: 'LeaseHeld' },
    });
  });

  it('can be taken by anyone once expired, and the old holder then cannot renew it', async () => {
    await lease().acquireLease('exp', { holder: 'rec-1', ttlSeconds: 10 });
    clock += 9_999;
    expect((await lease().acquireLease('exp', { holder: 'rec-2', ttlSeconds: 10 })).acquired).toBe(false);
    clock += 1;
    expect(await lease().acquireLease('exp', { holder: 'rec-2', ttlSeconds: 10 })).toMatchObject({
      acquired: true,
      holder: 'rec-2',
    });
    expect(await lease().renewLease('exp', { holder: 'rec-1', ttlSeconds: 10 })).toEqual({
      name: 'exp',
      acquired: false,
      holder: 'rec-2',
      expiresAt: at(clock + 10_000),
    });
  });

  it('lets its holder renew past expiry while nobody took it', async () => {
    await lease().acquireLease('late', { holder: 'rec-1', ttlSeconds: 10 });
    clock += 60_000;
    expect((await lease().renewLease('late', { holder: 'rec-1', ttlSeconds: 10 })).acquired).toBe(true);
  });

  it('cannot be renewed once released', async () => {
    await lease().acquireLease('gone', { holder: 'rec-1', ttlSeconds: 60 });
    expect(await lease().releaseLease('gone', 'rec-1')).toEqual({ released: true });
    expect(await lease().renewLease('gone', { holder: 'rec-1', ttlSeconds: 60 })).toEqual({
      name: 'gone',
      acquired: false,
      holder: null,
      expiresAt: null,
    });
  });

  it('is released only by its holder, idempotently', async () => {
    await lease().acquireLease('rel', { holder: 'rec-1', ttlSeconds: 60 });
    await expect(lease().releaseLease('rel', 'rec-2')).rejects.toMatchObject({ status: 409, code: 'LeaseHeld' });
    expect((await lease().acquireLease('rel', { holder: 'rec-2', ttlSeconds: 60 })).acquired).toBe(false);
    expect(await lease().releaseLease('rel', 'rec-1')).toEqual({ released: true });
    expect(await lease().releaseLease('rel', 'rec-1')).toEqual({ released: false });
    expect((await lease().acquireLease('rel', { holder: 'rec-2', ttlSeconds: 60 })).acquired).toBe(true);
  });

  it('gives exactly one of many concurrent contenders the lease', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => lease().acquireLease('race', { holder: `rec-${i}`, ttlSeconds: 60 })),
    );
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    for (const r of results) expect(r.holder).toBe(winners[0]?.holder);
  });

  it('keeps organizations apart and needs an admin key', async () => {
    await lease().acquireLease('shared', { holder: 'rec-a', ttlSeconds: 60 });
    const b = t.client(t.keys.adminB).reconciler;
    expect(await b.acquireLease('shared', { holder: 'rec-b', ttlSeconds: 60 })).toMatchObject({
      acquired: true,
      holder: 'rec-b',
    });
    // B cannot renew or release A's lease: B only ever sees its own.
    expect((await b.renewLease('shared', { holder: 'rec-a', ttlSeconds: 60 })).acquired).toBe(false);
    await expect(b.releaseLease('shared', 'rec-a')).rejects.toMatchObject({ status: 409 });
    expect((await lease().renewLease('shared', { holder: 'rec-a', ttlSeconds: 60 })).acquired).toBe(true);

    const viewer = t.client(t.keys.viewerA).reconciler;
    await expect(viewer.acquireLease('shared', { holder: 'v', ttlSeconds: 60 })).rejects.toMatchObject({ status: 403 });
    await expect(viewer.releaseLease('shared', 'rec-a')).rejects.toMatchObject({ status: 403 });
  });

  it('validates the lease name, holder and TTL', async () => {
    const post = (name: string, body: unknown) =>
      fetch(`${t.url}/v1/reconciler/leases/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.adminA}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('Bad Name', { holder: 'x', ttlSeconds: 60 })).status).toBe(400);
    expect((await post('ok', { holder: '', ttlSeconds: 60 })).status).toBe(400);
    expect((await post('ok', { holder: 'x', ttlSeconds: 0 })).status).toBe(400);
    expect((await post('ok', { holder: 'x' })).status).toBe(400);
  });
});
