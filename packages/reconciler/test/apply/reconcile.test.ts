import { describe, expect, it } from 'vitest';
import type { LeasePort } from '../../src/apply/index.js';
import { LeaseHeldError, planChanges, reconcileOnce, StalePlanError } from '../../src/reconcile.js';
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
