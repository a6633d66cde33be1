import { setTimeout as delay } from 'node:timers/promises';

export interface LoopOptions {
  /** Time between reconciles. */
  intervalMs: number;
  /** Fraction of the interval added or removed at random, so many daemons do not hit Azure in step. */
  jitter?: number;
  /** One reconcile; must not throw for ordinary failures (report them in its result). */
  reconcile: (signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * Level-triggered loop in the controller-runtime style: reconcile, wait (jittered), repeat; `trigger()` (a config
 * change) runs the next reconcile now. Reconciles never overlap; a trigger during one queues exactly one more.
 * `stop()` lets the current step finish (its signal is aborted between steps) and resolves when the loop is idle.
 */
export class ReconcileLoop {
  private readonly stopController = new AbortController();
  private wake: AbortController | undefined;
  private pending = false;
  private finished: Promise<void> | undefined;

  constructor(private readonly options: LoopOptions) {}

  start(): void {
    this.finished ??= this.run();
  }

  trigger(): void {
    this.pending = true;
    this.wake?.abort();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    this.wake?.abort();
    await this.finished;
  }

  /** The next wait, jittered: interval × (1 ± jitter). */
  nextDelay(): number {
    const jitter = this.options.jitter ?? 0.1;
    const random = this.options.random ?? Math.random;
    return Math.max(0, Math.round(this.options.intervalMs * (1 + jitter * (2 * random() - 1))));
  }

  private async run(): Promise<void> {
    const stop = this.stopController.signal;
    while (!stop.aborted) {
      this.pending = false;
      await this.options.reconcile(stop);
      if (stop.aborted) break;
      if (this.pending) continue;
      this.wake = new AbortController();
      try {
        await delay(this.nextDelay(), undefined, { signal: AbortSignal.any([stop, this.wake.signal]) });
      } catch {
        // Woken by a trigger or stop: loop around and check which.
      }
    }
  }
}
