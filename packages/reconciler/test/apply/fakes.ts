import { ScoutAcrError, Secret } from '@scout-acr/sdk';
import type { AzurePort, ServerPort } from '../../src/apply/index.js';
import type { Inventory } from '../../src/state/index.js';
import { ADDRESS } from '../plan/world.js';

export const PASSWORD = 'generated-password-value-123';
export const WEBHOOK = 'https://scout.example/v1/webhooks/eventgrid/int_1?code=webhook-secret-456';

/**
 * Records every call in order; the executor is unit-tested against it (end-to-end tests use the real ones).
 * `slow`: that call answers only after a macrotask, and records `<name> done` then, so a test can see what else
 * started while it was in flight.
 */
export function fakes(options: { failOn?: string; transientOnce?: string; slow?: string } = {}) {
  const calls: string[] = [];
  const inventories: Inventory[] = [];
  let transientThrown = false;
  const step = async <T>(call: string, name: string, value: T): Promise<T> => {
    calls.push(call);
    maybeFail(name);
    if (options.slow === name) {
      await new Promise((resolve) => setImmediate(resolve));
      calls.push(`${name} done`);
    }
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
    observe: async () => new Map(),
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
    listIntegrations: async () => [integration],
    listRepositories: async () => [],
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
