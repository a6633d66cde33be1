import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyPlan, type RegistryLocation } from '../../src/apply/index.js';
import { computePlan } from '../../src/plan/index.js';
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

describe('applyPlan', () => {
  it('runs the steps in order, writing each intent before its create', async () => {
    const { azure, server, calls, inventories } = fakes();
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, {
      azure,
      server,
      inventories: new Map(),
      locations: new Map([[ADDRESS, location]]),
      now: () => NOW,
    });
    expect(result).toEqual({ applied: 6, failed: [], skipped: 0 });
    expect(calls).toEqual([
      'putInventory address,deletionPolicy,location,managedBy,tokenId',
      'putToken docker-scout-readonly-token',
      'generatePassword password1',
      'createIntegration true',
      'putInventory address,deletionPolicy,integrationId,location,managedBy,password,tokenId',
      'putInventory address,deletionPolicy,integrationId,location,managedBy,password,systemTopicId,tokenId',
      'putSystemTopic docker-scout-repository',
      'putInventory address,deletionPolicy,eventSubscriptionId,integrationId,location,managedBy,password,systemTopicId,tokenId',
      'putEventSubscription docker-scout-repository/image-change webhook',
      'putInventory address,deletionPolicy,eventSubscriptionId,integrationId,location,managedBy,password,systemTopicId,tokenId,webhookFingerprint',
      'activate app/*',
    ]);
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

  it('stops a registry at its first failure, reports it, and runs nothing after it', async () => {
    const { azure, server, calls } = fakes({ failOn: 'putSystemTopic' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, {
      azure,
      server,
      inventories: new Map(),
      locations: new Map([[ADDRESS, location]]),
    });
    expect(result.applied).toBe(3);
    expect(result.skipped).toBe(2);
    expect(result.failed).toEqual([
      expect.objectContaining({
        address: expect.stringContaining('systemTopic'),
        error: expect.objectContaining({ code: 'InvalidRequest' }),
      }),
    ]);
    expect(calls.some((c) => c.startsWith('putEventSubscription'))).toBe(false);
  });

  it('retries a transient failure honouring its Retry-After', async () => {
    const { azure, server } = fakes({ transientOnce: 'putToken' });
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, {
      azure,
      server,
      inventories: new Map(),
      locations: new Map([[ADDRESS, location]]),
    });
    expect(result.failed).toEqual([]);
    expect(result.applied).toBe(6);
  });

  it('stops between steps when aborted', async () => {
    const { azure, server, calls } = fakes();
    const controller = new AbortController();
    const plan = computePlan({ registries: [desired()] }, observed());
    const result = await applyPlan(plan, {
      azure,
      server,
      inventories: new Map(),
      locations: new Map([[ADDRESS, location]]),
      signal: controller.signal,
      onProgress: (e) => e.phase === 'done' && e.action.resource === 'integration' && controller.abort(),
    });
    expect(result).toMatchObject({ applied: 3, skipped: 3, failed: [] });
    expect(calls.at(-1)).toMatch(/^putInventory/);
  });
});
