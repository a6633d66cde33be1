import { describe, expect, it } from 'vitest';
import { ReconcileLoop } from '../src/daemon/loop.js';

describe('ReconcileLoop', () => {
  it('reconciles at once, then again when triggered, never overlapping', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release: (() => void) | undefined;
    const loop = new ReconcileLoop({
      intervalMs: 60_000,
      reconcile: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        runs++;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    loop.trigger();
    loop.trigger();
    release?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
    await loop.stop();
  });

  it('stop waits for the reconcile in progress and aborts its signal', async () => {
    let sawAbort = false;
    const loop = new ReconcileLoop({
      intervalMs: 60_000,
      reconcile: async (signal) => {
        await new Promise((r) => setTimeout(r, 20));
        sawAbort = signal.aborted;
      },
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(sawAbort).toBe(true);
  });

  it('jitters the interval within the bound', () => {
    const values = [0, 0.5, 1].map((r) =>
      new ReconcileLoop({ intervalMs: 1000, jitter: 0.2, reconcile: async () => {}, random: () => r }).nextDelay(),
    );
    expect(values).toEqual([800, 1000, 1200]);
  });
});
