import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mayOverlap } from '../../src/apply/apply.js';
import { applyPlan, type RegistryLocation } from '../../src/apply/index.js';
import { computePlan, type PlannedAction } from '../../src/plan/index.js';
import type { ObservedState } from '../../src/state/index.js';
import { ADDRESS, desired, empty, ids, NOW } from '../plan/world.js';
import { fakes, PASSWORD } from './fakes.js';

const location: RegistryLocation = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  resourceGroup: 'rg',
  name: 'contoso',
  id: ids.registry,
  loginServer: 'contoso.azurecr.io',
};
const observed = (): ObservedState => ({
  registries: { [ADDRESS]: empty() },
  managedElsewhere: [],
  observedAt: NOW.toISOString(),
});
const applyOptions = (f: ReturnType<typeof fakes>) => ({
  azure: f.azure,
  server: f.server,
  inventories: new Map(),
  locations: new Map([[ADDRESS, location]]),
  now: () => NOW,
});

/** Index of the first call starting with `prefix`; fails the test if there is none. */
function at(calls: string[], prefix: string): number {
  const index = calls.findIndex((c) => c.startsWith(prefix));
  expect(index, `no call starting with "${prefix}" in ${JSON.stringify(calls, null, 2)}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('applyPlan', () => {
  it('writes every intent before the first create, then runs the steps in DESIGN.md §3 order', async () => {
    const f = fakes();
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, applyOptions(f));
    expect(result).toEqual({ applied: 6, failed: [], skipped: 0 });
    const { calls, inventories } = f;
    // One write carries the ids of the token, the topic and the subscription, before anything is created.
    expect(calls[0]).toBe(
      'putInventory address,deletionPolicy,eventSubscriptionId,location,managedBy,systemTopicId,tokenId',
    );
    expect(inventories[0]).toMatchObject({
      tokenId: ids.token,
      systemTopicId: ids.topic,
      eventSubscriptionId: ids.subscription,
    });
    // The token chain in order; the subscription after both the integration and the topic; activation last.
    expect(at(calls, 'putToken')).toBeLessThan(at(calls, 'generatePassword'));
    expect(at(calls, 'generatePassword')).toBeLessThan(at(calls, 'createIntegration true'));
    expect(at(calls, 'createIntegration')).toBeLessThan(at(calls, 'putEventSubscription'));
    expect(at(calls, 'putSystemTopic')).toBeLessThan(at(calls, 'putEventSubscription'));
    expect(at(calls, 'putEventSubscription')).toBeLessThan(at(calls, 'activate'));
    expect(calls.at(-1)).toBe('activate app/*');
    // The integration is recorded right after it exists; the fingerprint only once the subscription points at it.
    const integrationRecord = calls.findIndex((c) => c.startsWith('putInventory') && c.includes('integrationId'));
    expect(integrationRecord).toBe(at(calls, 'createIntegration') + 1);
    const fingerprint = calls.findIndex((c) => c.startsWith('putInventory') && c.includes('webhookFingerprint'));
    expect(fingerprint).toBeGreaterThan(at(calls, 'putEventSubscription'));
    expect(calls.filter((c) => c.startsWith('putInventory'))).toHaveLength(3);
    expect(inventories.at(-1)).toMatchObject({
      tokenId: ids.token,
      systemTopicId: ids.topic,
      eventSubscriptionId: ids.subscription,
      integrationId: 'int_1',
      password: { name: 'password1', expiry: '2027-02-27T00:00:00.000Z' },
    });
    expect(inspect(inventories, { depth: 10 })).not.toContain(PASSWORD);
    expect(JSON.stringify(inventories)).not.toContain('webhook-secret-456');
  });

  it('creates the system topic while the token is still being created', async () => {
    const f = fakes({ slow: 'putToken' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, applyOptions(f));
    expect(result).toEqual({ applied: 6, failed: [], skipped: 0 });
    expect(at(f.calls, 'putSystemTopic')).toBeLessThan(at(f.calls, 'putToken done'));
    expect(at(f.calls, 'putToken done')).toBeLessThan(at(f.calls, 'generatePassword'));
  });

  it('overlaps only the system topic with the token chain, and never a removal', () => {
    const action = (resource: PlannedAction['resource'], kind: PlannedAction['kind'] = 'create') =>
      ({ resource, kind }) as PlannedAction;
    for (const chain of ['scopeMap', 'token', 'password', 'integration'] as const) {
      expect(mayOverlap(action('systemTopic'), action(chain))).toBe(true);
      expect(mayOverlap(action(chain), action('systemTopic'))).toBe(true);
    }
    expect(mayOverlap(action('systemTopic'), action('eventSubscription'))).toBe(false);
    expect(mayOverlap(action('eventSubscription'), action('integration'))).toBe(false);
    expect(mayOverlap(action('repository', 'activate'), action('systemTopic'))).toBe(false);
    expect(mayOverlap(action('token'), action('password'))).toBe(false);
    expect(mayOverlap(action('systemTopic', 'delete'), action('token'))).toBe(false);
    expect(mayOverlap(action('systemTopic'), action('token', 'delete'))).toBe(false);
  });

  it('stops a registry at its first failure: running steps finish, nothing starts after it', async () => {
    const f = fakes({ failOn: 'createIntegration' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, applyOptions(f));
    // token, password and the overlapping topic were applied; the subscription and activation never started.
    expect(result.applied).toBe(3);
    expect(result.skipped).toBe(2);
    expect(result.failed).toEqual([
      expect.objectContaining({
        address: expect.stringContaining('integration'),
        error: expect.objectContaining({ code: 'InvalidRequest' }),
      }),
    ]);
    expect(f.calls.some((c) => c.startsWith('putEventSubscription'))).toBe(false);
    expect(f.calls.some((c) => c.startsWith('activate'))).toBe(false);
  });

  it('does not start the rest of the token chain once the overlapping topic failed', async () => {
    const f = fakes({ failOn: 'putSystemTopic', slow: 'putToken' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, applyOptions(f));
    expect(result).toMatchObject({ applied: 1, skipped: 4 });
    expect(result.failed).toEqual([expect.objectContaining({ address: expect.stringContaining('systemTopic') })]);
    expect(f.calls).toContain('putToken done');
    expect(f.calls.some((c) => c.startsWith('generatePassword'))).toBe(false);
  });

  it('retries a transient failure honouring its Retry-After', async () => {
    const f = fakes({ transientOnce: 'putToken' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, applyOptions(f));
    expect(result.failed).toEqual([]);
    expect(result.applied).toBe(6);
  });

  it('stops between steps when aborted', async () => {
    const f = fakes();
    const controller = new AbortController();
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, {
      ...applyOptions(f),
      signal: controller.signal,
      onProgress: (e) => e.phase === 'done' && e.action.resource === 'integration' && controller.abort(),
    });
    // The topic overlapped the token chain and was done; the subscription and activation were not started.
    expect(result).toMatchObject({ applied: 4, skipped: 2, failed: [] });
    expect(f.calls.at(-1)).toMatch(/^putInventory/);
    expect(f.calls.some((c) => c.startsWith('putEventSubscription'))).toBe(false);
  });

  it('applies many registries at once and keeps each one’s inventory writes in order', async () => {
    const f = fakes({ slow: 'putToken' });
    const addresses = ['a', 'b', 'c'].map((n) => `${ADDRESS}-${n}`);
    const plan = computePlan(
      { registries: addresses.map((address) => desired({ address })) },
      {
        registries: Object.fromEntries(addresses.map((address) => [address, { ...empty(), address }])),
        managedElsewhere: [],
        observedAt: NOW.toISOString(),
      },
    );
    const result = await applyPlan(plan, {
      ...applyOptions(f),
      locations: new Map(addresses.map((a) => [a, location])),
      registryConcurrency: 3,
    });
    expect(result).toEqual({ applied: 18, failed: [], skipped: 0 });
    // All three tokens were in flight together (registries overlap), not one registry after another.
    const tokens = f.calls.flatMap((c, i) => (c.startsWith('putToken docker') ? [i] : []));
    expect(tokens).toHaveLength(3);
    expect(Math.max(...tokens)).toBeLessThan(at(f.calls, 'putToken done'));
    // Each registry's inventory only ever grows: no write lost an earlier intent.
    for (const address of addresses) {
      const writes = f.inventories.filter((i) => i.address === address);
      const sizes = writes.map((w) => Object.values(w).filter((v) => v !== undefined).length);
      expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
    }
  });
});
