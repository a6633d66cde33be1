import { randomBytes } from 'node:crypto';
import { redactText } from '@scout-acr/sdk';
import type { ServerContext } from '../context.js';
import type { JobRow } from '../store/index.js';

/** Thrown by a job handler when retrying cannot help (bad manifest, unsupported media type): straight to dead. */
export class PermanentJobError extends Error {}

export type JobHandler = (job: JobRow, signal: AbortSignal) => Promise<void>;

export interface JobWorkerOptions {
  /** Jobs run at once. Default 4. */
  concurrency?: number;
  /** Lease length; renewed at a third of it while a job runs. Default 60 s. */
  leaseMs?: number;
  /** Idle poll interval (new events also wake the worker). Default 500 ms. */
  pollMs?: number;
  /** Back-off of the first retry, doubled per attempt. Default 2 s. */
  backoffBaseMs?: number;
  /** Longest back-off. Default 10 min. */
  backoffMaxMs?: number;
}

/** Retry delay after `attempts` failed runs: exponential, capped, with ±20 % jitter so retries spread out. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/**
 * Runs queued jobs from the store with bounded concurrency. A job is leased (and its lease renewed while it
 * runs), so a crashed worker's jobs return to the queue when their lease expires. `stop()` stops claiming,
 * lets in-flight jobs finish within the grace period, then aborts the rest and returns them to the queue.
 */
export class JobWorker {
  readonly owner = `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly #inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  readonly #opts: Required<JobWorkerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  #polling = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly handlers: Record<string, JobHandler>,
    options: JobWorkerOptions = {},
  ) {
    this.#opts = {
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 60_000,
      pollMs: options.pollMs ?? 500,
      backoffBaseMs: options.backoffBaseMs ?? 2_000,
      backoffMaxMs: options.backoffMaxMs ?? 600_000,
    };
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Polls now (e.g. after events were stored). */
  wake(): void {
    if (!this.#stopping) this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopping) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), ms);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#stopping) return;
    this.#polling = true;
    try {
      const free = this.#opts.concurrency - this.#inFlight.size;
      if (free > 0) {
        const jobs = await this.ctx.store.claimJobs(this.owner, free, this.#opts.leaseMs, this.ctx.now());
        for (const job of jobs) this.#run(job);
      }
    } catch (error) {
      this.ctx.logger.error({ err: error }, 'claiming jobs failed');
    } finally {
      this.#polling = false;
      this.#schedule(this.#opts.pollMs);
    }
  }

  #run(job: JobRow): void {
    const abort = new AbortController();
    const started = performance.now();
    const renew = setInterval(() => {
      void this.ctx.store.extendLease(job.id, this.owner, this.ctx.now() + this.#opts.leaseMs).catch(() => {});
    }, this.#opts.leaseMs / 3);
    renew.unref();
    const promise = (async () => {
      const handler = this.handlers[job.kind];
      let outcome = 'succeeded';
      try {
        if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
        await handler(job, abort.signal);
        await this.ctx.store.completeJob(job.id, this.owner, this.ctx.now());
      } catch (error) {
        if (abort.signal.aborted && this.#stopping) {
          outcome = 'released';
          await this.ctx.store.releaseJob(job.id, this.owner, this.ctx.now());
        } else {
          const message = redactText(error instanceof Error ? error.message : String(error), []).slice(0, 2000);
          const dead = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
          outcome = dead ? 'dead' : 'retry';
          const retryAt = dead
            ? null
            : this.ctx.now() + backoffDelay(job.attempts, this.#opts.backoffBaseMs, this.#opts.backoffMaxMs);
          await this.ctx.store.failJob(job.id, this.owner, message, retryAt, this.ctx.now());
          this.ctx.logger.warn(
            { jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, error: message },
            'job failed',
          );
        }
      } finally {
        clearInterval(renew);
        this.#inFlight.delete(job.id);
        this.ctx.metrics.jobDuration.observe((performance.now() - started) / 1000, { kind: job.kind });
        this.ctx.metrics.jobsFinished.inc({ kind: job.kind, outcome });
        if (!this.#stopping) this.#schedule(0);
      }
    })().catch((error: unknown) => this.ctx.logger.error({ err: error, jobId: job.id }, 'job bookkeeping failed'));
    this.#inFlight.set(job.id, { promise, abort });
  }

  /** Graceful stop: no new claims; wait up to `graceMs` for in-flight jobs; abort and re-queue the rest. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    const all = () => Promise.all([...this.#inFlight.values()].map((j) => j.promise));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const j of this.#inFlight.values()) j.abort.abort(new Error('server stopping'));
      await all();
    }
  }
}
