import { describe, expect, it } from 'vitest';
import type { LeasePort } from '../../src/apply/index.js';
import { acquireLease, LeaseHeldError, planChanges, reconcileOnce, StalePlanError } from '../../src/reconcile.js';
import { desired, empty, NOW } from '../plan/world.js';
import { fakes } from './fakes.js';

function portsFor() {
  const f = fakes();
  f.azure.observe = async (targets) => {
    const { address: _a, integration: _i, ...azure } = empty();
    return new Map(targets.map((t) => [t.address, azure]));
  };
  return f;
}

function lease(heldBy?: string): LeasePort & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    acquire: async (holder) => {
      log.push(`acquire ${holder}`);
      return heldBy ? { acquired: false, holder: heldBy, expiresAt: '2026-11-29T00:05:00Z' } : { acquired: true };
    },
    renew: async () => true,
    release: async (holder) => void log.push(`release ${holder}`),
  };
}

describe('reconcileOnce', () => {
  it('applies under a lease and releases it', async () => {
    const f = portsFor();
    const l = lease();
    const { result } = await reconcileOnce(
      { registries: [desired()] },
      { ...f, lease: l },
      { holder: 'me', now: () => NOW },
    );
    expect(result.failed).toEqual([]);
    expect(result.applied).toBe(6);
    expect(l.log).toEqual(['acquire me', 'release me']);
  });

  it('does nothing while another reconciler holds the lease', async () => {
    const f = portsFor();
    await expect(reconcileOnce({ registries: [desired()] }, { ...f, lease: lease('ci-runner-7') })).rejects.toThrow(
      LeaseHeldError,
    );
    expect(f.calls).toEqual([]);
  });

  it('refuses a saved plan when the live state moved', async () => {
    const f = portsFor();
    const { plan } = await planChanges({ registries: [desired()] }, f, { now: () => NOW });
    f.azure.observe = async (targets) =>
      new Map(
        targets.map((t) => [
          t.address,
          {
            ...empty(),
            tokens: [{ id: 'x', name: 'someone-else', scopeMapId: 'y', status: 'enabled' as const, passwords: [] }],
          },
        ]),
      );
    await expect(reconcileOnce({ registries: [desired()] }, f, { savedPlan: plan })).rejects.toThrow(StalePlanError);
    expect(f.calls).toEqual([]);
  });

  it('a failed read aborts before anything is written', async () => {
    const f = portsFor();
    f.server.listInventories = async () => {
      throw new Error('server unavailable');
    };
    await expect(reconcileOnce({ registries: [desired()] }, f)).rejects.toThrow('server unavailable');
    expect(f.calls).toEqual([]);
  });
});

describe('acquireLease', () => {
  /** A lease held by `ci-runner-7` (expiring at `expiresAt`) for the first `busy` attempts. */
  function busyLease(busy: number, expiresAt: string) {
    let attempts = 0;
    return {
      get attempts() {
        return attempts;
      },
      acquire: async () =>
        attempts++ < busy
          ? { acquired: false as const, holder: 'ci-runner-7', expiresAt }
          : { acquired: true as const },
      renew: async () => true,
      release: async () => {},
    };
  }
  /** A clock that only moves when the code under test sleeps. */
  function clock(start = Date.parse('2026-11-29T00:00:00Z')) {
    let t = start;
    const waits: number[] = [];
    return {
      waits,
      now: () => t,
      sleep: async (ms: number) => {
        waits.push(ms);
        t += ms;
      },
    };
  }

  it('retries with doubling back-off until the holder lets go', async () => {
    const c = clock();
    const l = busyLease(4, '2026-11-29T01:00:00Z');
    await acquireLease(l, 'me', 60_000, 60_000, undefined, { ...c, random: () => 0.5 });
    expect(l.attempts).toBe(5);
    expect(c.waits).toEqual([250, 500, 1000, 2000]);
  });

  it('caps the back-off at 15 s and never waits past the deadline', async () => {
    const c = clock();
    const l = busyLease(100, '2026-11-29T01:00:00Z');
    await expect(acquireLease(l, 'me', 60_000, 40_000, undefined, { ...c, random: () => 0.5 })).rejects.toThrow(
      LeaseHeldError,
    );
    expect(Math.max(...c.waits)).toBe(15_000);
    expect(c.waits.reduce((a, b) => a + b, 0)).toBe(40_000);
  });

  it('retries just after the holder’s lease expires rather than sleeping the whole back-off', async () => {
    const c = clock();
    const l = busyLease(6, new Date(c.now() + 5_000).toISOString());
    await acquireLease(l, 'me', 60_000, 120_000, undefined, { ...c, random: () => 0.5 });
    // 250 + 500 + 1000 + 2000 = 3750 ms; the next back-off (4 s) would overshoot the expiry at 5 s.
    expect(c.waits.slice(0, 5)).toEqual([250, 500, 1000, 2000, 1300]);
  });

  it('without a wait, says who holds the lease and until when', async () => {
    const error = await acquireLease(busyLease(1, '2026-11-29T00:05:00Z'), 'me', 60_000, 0).catch((e) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect(error.message).toBe(
      'another reconciler (ci-runner-7) is applying; its lease expires at 2026-11-29T00:05:00Z',
    );
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const l = busyLease(100, '2026-11-29T01:00:00Z');
    const waiting = acquireLease(l, 'me', 60_000, 3_600_000, controller.signal);
    controller.abort(new Error('SIGTERM'));
    await expect(waiting).rejects.toThrow('SIGTERM');
    expect(l.attempts).toBe(1);
  });
});
