import { beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/jobs/worker.js';
import { SqliteStore } from '../../src/store/index.js';
import { seedIntegration } from '../helpers/store-fixtures.js';

describe('SQLite job queue', () => {
  let store: SqliteStore;
  const integrationId = 'int_1';

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await seedIntegration(store, integrationId);
    await store.insertJobs(
      [1, 2, 3].map((n) => ({
        id: `job_${n}`,
        integrationId,
        kind: 'k',
        payload: { n },
        repository: 'r',
        reference: null,
        maxAttempts: 2,
        runAt: n,
      })),
      0,
    );
  });

  it('leases due jobs once; an expired lease makes a job claimable again', async () => {
    const first = await store.claimJobs('w1', 2, 1000, 10);
    expect(first.map((j) => j.id)).toEqual(['job_1', 'job_2']);
    expect(first[0]).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'w1' });
    expect((await store.claimJobs('w2', 5, 1000, 20)).map((j) => j.id)).toEqual(['job_3']);
    expect(await store.claimJobs('w2', 5, 1000, 500)).toEqual([]);
    const reclaimed = await store.claimJobs('w2', 5, 1000, 2000); // w1 crashed: its leases expired
    expect(reclaimed.map((j) => j.id)).toEqual(['job_1', 'job_2', 'job_3']);
    expect(await store.completeJob('job_1', 'w1', 2001)).toBe(false); // the old owner lost it
    expect(await store.completeJob('job_1', 'w2', 2001)).toBe(true);
  });

  it('retries at the back-off time, then dead-letters; dead jobs can be re-queued', async () => {
    await store.claimJobs('w', 1, 1000, 10);
    await store.failJob('job_1', 'w', 'boom', 100, 10);
    expect(await store.claimJobs('w', 1, 1000, 50).then((j) => j.map((x) => x.id))).toEqual(['job_2']);
    const again = (await store.claimJobs('w', 5, 1000, 100)).filter((j) => j.id === 'job_1');
    expect(again[0]).toMatchObject({ id: 'job_1', attempts: 2, lastError: 'boom' });
    await store.failJob('job_1', 'w', 'boom again', null, 101);
    const orgId = again[0]?.orgId as string;
    expect(await store.getJob(orgId, 'job_1')).toMatchObject({ state: 'dead', lastError: 'boom again' });
    expect((await store.jobCountsByState()).dead).toBe(1);
    expect(await store.retryDeadJob(orgId, 'job_1', 200)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await store.retryDeadJob('other-org', 'job_1', 200)).toBeUndefined();
  });

  it('returns a released job to the queue without counting the attempt (graceful shutdown)', async () => {
    await store.claimJobs('w', 1, 1000, 10);
    expect(await store.releaseJob('job_1', 'w', 11)).toBe(true);
    const claimed = await store.claimJobs('w', 5, 1000, 12);
    expect(claimed.find((j) => j.id === 'job_1')).toMatchObject({ attempts: 1 });
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(72_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(3200);
  });

  it('deduplicates events by id and queues jobs only for active repositories', async () => {
    await store.setActivation(integrationId, ['app'], true, 0);
    const event = (id: string, repository: string) => ({
      integrationId,
      eventId: id,
      type: 't',
      subject: null,
      repository,
      tag: null,
      digest: null,
      eventTime: null,
      receivedAt: 1,
      body: '{}',
      job: {
        id: `job_${id}`,
        integrationId,
        kind: 'k',
        payload: {},
        repository,
        reference: null,
        maxAttempts: 1,
        runAt: 1,
      },
    });
    const results = await store.recordEvents([event('e1', 'app'), event('e2', 'other'), event('e1', 'app')]);
    expect(results).toEqual([
      { inserted: true, disposition: 'queued' },
      { inserted: true, disposition: 'not-activated' },
      { inserted: false, disposition: null },
    ]);
    expect((await store.recordEvents([event('e1', 'app')]))[0]?.inserted).toBe(false);
    expect(await store.countEvents(integrationId)).toBe(2);
    expect(
      (await store.listJobs(integrationId, undefined, { limit: 10 })).filter((j) => j.id.startsWith('job_e')),
    ).toHaveLength(1);
  });
});
