import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/apply/semaphore.js';

describe('Semaphore', () => {
  it('never lets more than its limit run, and grants in arrival order', async () => {
    const slots = new Semaphore(2);
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    // Node 20 has no Promise.withResolvers.
    const gates = Array.from({ length: 5 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      return { promise, resolve };
    });
    const runs = gates.map((gate, i) =>
      slots.run(async () => {
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    gates[1]?.resolve();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(slots.inUse).toBe(0);
  });

  it('releases a slot once even if release is called twice', async () => {
    const slots = new Semaphore(1);
    const release = await slots.acquire();
    release();
    release();
    expect(slots.inUse).toBe(0);
    const again = await slots.acquire();
    expect(slots.inUse).toBe(1);
    again();
  });

  it('drops a waiter whose signal aborts, without taking its slot', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    held();
    expect(slots.inUse).toBe(0);
    await expect(slots.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
