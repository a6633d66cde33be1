import { SdkAzurePort, StaticTokenCredential } from '@scout-acr/reconciler';
import { Secret } from '@scout-acr/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { startWebhookReceiver } from '../../harness/eventgrid/index.js';

/** The reconciler's Azure side against the ARM emulator: list calls only, batched per resource group. */
describe('SdkAzurePort', () => {
  let emulator: ArmEmulator;
  let port: SdkAzurePort;
  const sub = '11111111-2222-3333-4444-555555555555';
  const names = ['alpha01', 'bravo02', 'charlie03'];
  const target = (name: string) => ({
    address: `${sub}/rg/${name}`,
    subscriptionId: sub,
    resourceGroup: 'rg',
    name,
    needScopeMaps: false,
  });

  beforeAll(async () => {
    emulator = await startArmEmulator({ subscriptionId: sub });
    emulator.state.ensureResourceGroup('rg');
    for (const name of names) emulator.state.createRegistry({ resourceGroup: 'rg', name });
    port = new SdkAzurePort({
      endpoint: emulator.url,
      credential: new StaticTokenCredential('test'),
      pollIntervalMs: 10,
    });
  });
  afterAll(async () => emulator?.close());

  const armCalls = () => emulator.requests.filter((r) => r.operationId !== undefined);

  it('observes N registries of one resource group with 2 + N list calls when nothing is provisioned', async () => {
    emulator.resetRequests();
    const observed = await port.observe(names.map(target));
    expect([...observed.keys()]).toEqual(names.map((n) => `${sub}/rg/${n}`));
    expect(observed.get(`${sub}/rg/alpha01`)?.registry?.loginServer).toBe('alpha01.azurecr.io');
    expect(
      armCalls()
        .map((r) => r.operationId)
        .sort(),
    ).toEqual(
      ['Registries_ListByResourceGroup', 'SystemTopics_ListByResourceGroup', ...names.map(() => 'Tokens_List')].sort(),
    );
    expect(armCalls().every((r) => r.request.method === 'GET')).toBe(true);
  });

  it('provisions through the port and observes it back, adding one subscription list per topic', async () => {
    const webhook = await startWebhookReceiver();
    try {
      const registry = (await port.observe([target('alpha01')])).get(`${sub}/rg/alpha01`)?.registry;
      if (!registry) throw new Error('registry not observed');
      const at = { ...registry, subscriptionId: sub };
      await port.putToken(at, 'docker-scout-readonly-token', '_repositories_pull_metadata_read', 'enabled');
      const password = await port.generatePassword(
        at,
        'docker-scout-readonly-token',
        'password1',
        new Date(Date.now() + 86_400_000),
      );
      expect(String(password.value)).toBe('(sensitive)');
      await port.putSystemTopic(at, 'docker-scout-repository');
      await port.putEventSubscription(
        at,
        'docker-scout-repository',
        'image-change',
        new Secret(`${webhook.url}?code=abc`),
      );

      emulator.resetRequests();
      const observed = (await port.observe(names.map(target))).get(`${sub}/rg/alpha01`);
      expect(armCalls().length).toBe(2 + names.length + 1);
      expect(observed?.tokens.map((t) => [t.name, t.status, t.passwords.map((p) => p.name)])).toEqual([
        ['docker-scout-readonly-token', 'enabled', ['password1']],
      ]);
      expect(observed?.systemTopic?.name).toBe('docker-scout-repository');
      expect(observed?.eventSubscriptions[0]).toMatchObject({
        name: 'image-change',
        endpointBaseUrl: webhook.url,
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
        maxEventsPerBatch: 1,
        preferredBatchSizeInKilobytes: 64,
        eventDeliverySchema: 'EventGridSchema',
        maxDeliveryAttempts: 30,
        eventTimeToLiveInMinutes: 1440,
      });

      await port.deleteResource(observed?.eventSubscriptions[0]?.id as string);
      await port.deleteResource(observed?.eventSubscriptions[0]?.id as string);
      const after = (await port.observe([target('alpha01')])).get(`${sub}/rg/alpha01`);
      expect(after?.eventSubscriptions).toEqual([]);
    } finally {
      await webhook.close();
    }
  });

  it('a failed read rejects the whole observation', async () => {
    const remove = emulator.faults.add({ match: { operationId: 'Tokens_List' }, kind: 'error', status: 400 });
    try {
      await expect(port.observe(names.map(target))).rejects.toThrow();
    } finally {
      remove();
    }
  });
});
