import { inspect } from 'node:util';
import { ScoutAcrError, Secret } from '@scout-acr/sdk';
import { describe, expect, it } from 'vitest';
import { type AzurePort, applyPlan, type RegistryLocation, type ServerPort } from '../../src/apply/index.js';
import { computePlan } from '../../src/plan/index.js';
import type { Inventory, ObservedState } from '../../src/state/index.js';
import { ADDRESS, desired, empty, ids, NOW } from '../plan/world.js';

const PASSWORD = 'generated-password-value-123';
const WEBHOOK = 'https://scout.example/v1/webhooks/eventgrid/int_1?code=webhook-secret-456';

/** Records every call in order; the executor is unit-tested against it (end-to-end tests use the real ones). */
function fakes(options: { failOn?: string; transientOnce?: string } = {}) {
  const calls: string[] = [];
  const inventories: Inventory[] = [];
  let transientThrown = false;
  const step = <T>(call: string, name: string, value: T): T => {
    calls.push(call);
    maybeFail(name);
    return value;
  };
  const maybeFail = (name: string) => {
    if (options.failOn === name) throw new ScoutAcrError(`${name} refused`, { code: 'InvalidRequest', status: 400 });
    if (options.transientOnce === name && !transientThrown) {
      transientThrown = true;
      throw new ScoutAcrError('busy', { code: 'TooManyRequests', status: 429, transient: true, retryAfterMs: 1 });
    }
  };
  const azure: AzurePort = {
    observe: async () => ({ scopeMaps: [], tokens: [], eventSubscriptions: [] }),
    observeByInventory: async () => ({ scopeMaps: [], tokens: [], eventSubscriptions: [] }),
    putScopeMap: async (_at, name) => step(`putScopeMap ${name}`, 'putScopeMap', { id: name }),
    putToken: async (_at, name) => step(`putToken ${name}`, 'putToken', { id: name }),
    generatePassword: async (_at, _token, name, expiry) => {
      calls.push(`generatePassword ${name}`);
      maybeFail('generatePassword');
      return { name, expiry: expiry.toISOString(), value: new Secret(PASSWORD) };
    },
    putSystemTopic: async (_at, name) => step(`putSystemTopic ${name}`, 'putSystemTopic', { id: name }),
    putEventSubscription: async (_at, topic, name, url) => {
      calls.push(`putEventSubscription ${topic}/${name} ${url.reveal() === WEBHOOK ? 'webhook' : url.reveal()}`);
      maybeFail('putEventSubscription');
      return { id: name };
    },
    deleteResource: async (id) => void calls.push(`delete ${id.split('/').slice(-2).join('/')}`),
  };
  const integration = {
    id: 'int_1',
    loginServer: 'contoso.azurecr.io',
    tokenName: 'docker-scout-readonly-token',
    status: 'CONNECTED' as const,
    webhookBaseUrl: WEBHOOK.split('?')[0] as string,
    webhookFingerprint: 'fp1',
  };
  const server: ServerPort = {
    listInventories: async () => [],
    putInventory: async (inventory) => {
      calls.push(
        `putInventory ${Object.keys(inventory)
          .filter((k) => (inventory as unknown as Record<string, unknown>)[k] !== undefined)
          .sort()
          .join(',')}`,
      );
      inventories.push(structuredClone(inventory));
    },
    deleteInventory: async (address) => void calls.push(`deleteInventory ${address === ADDRESS}`),
    observeIntegrations: async () => new Map([[integration.loginServer, integration]]),
    createIntegration: async ({ password }) => {
      calls.push(`createIntegration ${password.reveal() === PASSWORD}`);
      maybeFail('createIntegration');
      return integration;
    },
    updateIntegration: async (_id, { password }) =>
      step(`updateIntegration ${password?.reveal() === PASSWORD}`, 'updateIntegration', integration),
    webhookUrl: async () => new Secret(WEBHOOK),
    activate: async (_id, { names, patterns }) =>
      step(`activate ${[...names, ...patterns].join(',')}`, 'activate', names),
    deactivate: async (_id, names) => void calls.push(`deactivate ${names.join(',')}`),
    deleteIntegration: async (id) => void calls.push(`deleteIntegration ${id}`),
  };
  return { azure, server, calls, inventories };
}

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
      'putInventory address,managedBy,tokenId',
      'putToken docker-scout-readonly-token',
      'generatePassword password1',
      'createIntegration true',
      'putInventory address,integrationId,managedBy,password,tokenId',
      'putInventory address,integrationId,managedBy,password,systemTopicId,tokenId',
      'putSystemTopic docker-scout-repository',
      'putInventory address,eventSubscriptionId,integrationId,managedBy,password,systemTopicId,tokenId',
      'putEventSubscription docker-scout-repository/image-change webhook',
      'putInventory address,eventSubscriptionId,integrationId,managedBy,password,systemTopicId,tokenId,webhookFingerprint',
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
