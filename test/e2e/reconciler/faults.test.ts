import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { type Sandbox, startSandbox, TWO_REGISTRIES } from './support/sandbox-cli.js';
import { expectNoSecretLeaks } from './support/secret-leaks.js';

/** 20% injected 429/5xx on ARM and on the server: apply converges by re-running, with no duplicate resource. */
describe('scout-acr apply under injected faults', () => {
  let sandbox: Sandbox;
  let proxy: FaultProxy;

  beforeAll(async () => {
    sandbox = await startSandbox('faults');
    proxy = await startFaultProxy(sandbox.env.SCOUT_ACR_SERVER as string, { seed: 1406, rate: 0.2 });
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it('converges within five runs with exactly one of each resource per registry', async () => {
    sandbox.world.emulator.faults.random({ seed: 614, rate: 0.2, kinds: ['throttle', 'error'] });
    await sandbox.writeConfig(TWO_REGISTRIES, { serverUrl: proxy.url });
    const codes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const apply = await sandbox.cli(['apply', '--auto-approve']);
      codes.push(apply.code);
      if (apply.code === 0) break;
    }
    sandbox.world.emulator.faults.clear();
    expect(codes.at(-1), `exit codes ${codes.join(',')}`).toBe(0);
    expect(proxy.faulted).toBeGreaterThan(0);

    const snap = await sandbox.snapshot();
    for (const name of ['contoso', 'fabrikam']) {
      expect(snap.azure[name]?.tokens).toEqual(['docker-scout-readonly-token']);
      expect(snap.azure[name]?.topics).toHaveLength(1);
      expect(snap.azure[name]?.topics[0]).toMatch(/^docker-scout-repository/);
      expect(snap.azure[name]?.subscriptions).toEqual(['image-change']);
    }
    expect(snap.integrations.map((i) => i.status)).toEqual(['CONNECTED', 'CONNECTED']);
    expect(new Set(snap.integrations.map((i) => i.loginServer)).size).toBe(2);
    // Inventories: one per registry, naming exactly the live resources and the live integration.
    expect(snap.inventories).toHaveLength(2);
    const inventoried = new Set(snap.inventories.flatMap((i) => i.ids));
    for (const side of Object.values(snap.azure)) for (const id of side.ids) expect(inventoried).toContain(id);
    expect(snap.inventories.map((i) => i.integrationId).sort()).toEqual(snap.integrations.map((i) => i.id).sort());

    const plan = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const json = await sandbox.cli(['plan', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ formatVersion: 1 });
  }, 240_000);

  it('a failed read aborts the run and deletes nothing', async () => {
    // fabrikam leaves the config, but the token list fails every time: nothing may be deleted.
    await sandbox.writeConfig(TWO_REGISTRIES.split('  - resourceGroup').slice(0, 2).join('  - resourceGroup'));
    const before = await sandbox.snapshot();
    const remove = sandbox.world.emulator.faults.add({
      kind: 'error',
      status: 500,
      match: { operationId: 'Tokens_List' },
    });
    sandbox.world.emulator.resetRequests();
    const apply = await sandbox.cli(['apply', '--auto-approve']);
    remove();
    expect(apply.stderr).toMatch(/500|Tokens_List|token/i);
    expect(apply.code).not.toBe(0);
    expect(apply.code).not.toBe(75);
    const after = await sandbox.snapshot();
    expect(after).toEqual(before);
    expect(sandbox.world.emulator.requests.filter((r) => r.request.method === 'DELETE')).toEqual([]);
  }, 180_000);

  it('leaks no secret (API key, generated passwords, webhook secrets) in any output, file or recording', async () => {
    expectNoSecretLeaks(await sandbox.secretLeaks());
  });
});
