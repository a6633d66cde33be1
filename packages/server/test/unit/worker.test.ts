import { silentLogger } from '@scout-acr/sdk';
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/context.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { SqliteStore } from '../../src/store/index.js';
import { seedIntegration } from '../helpers/store-fixtures.js';
import { eventually } from '../helpers/test-server.js';

async function setup(jobs: number) {
  const store = new SqliteStore(':memory:');
  const orgId = await seedIntegration(store, 'int');
  await store.insertJobs(
    Array.from({ length: jobs }, (_, n) => ({
      id: `job_${n}`,
      integrationId: 'int',
      kind: 'slow',
      payload: {},
      repository: null,
      reference: null,
      maxAttempts: 3,
      runAt: 0,
    })),
    0,
  );
  const ctx = { store, logger: silentLogger, metrics: createMetrics(), now: Date.now } as unknown as ServerContext;
  return { store, ctx, orgId: orgId };
}

describe('JobWorker', () => {
  it('runs at most `concurrency` jobs at once', async () => {
    const { store, ctx } = await setup(6);
    let running = 0;
    let peak = 0;
    const worker = new JobWorker(
      ctx,
      {
        slow: async () => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 20));
          running--;
        },
      },
      { concurrency: 2, pollMs: 5 },
    );
    worker.start();
    await eventually(async () => (await store.jobCountsByState()).succeeded === 6);
    await worker.stop();
    expect(peak).toBe(2);
  });

  it('on stop, lets in-flight jobs finish within the grace period and re-queues those that do not', async () => {
    const { store, ctx, orgId } = await setup(2);
    const worker = new JobWorker(
      ctx,
      {
        slow: async (job, signal) => {
          if (job.id === 'job_0') return new Promise((r) => setTimeout(r, 30));
          await new Promise((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        },
      },
      { concurrency: 2, pollMs: 5 },
    );
    worker.start();
    await eventually(async () => worker.inFlight === 2);
    await worker.stop(200);
    expect((await store.getJob(orgId, 'job_0'))?.state).toBe('succeeded');
    expect(await store.getJob(orgId, 'job_1')).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
