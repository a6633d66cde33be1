import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox, TWO_REGISTRIES } from './support/sandbox-cli.js';
import { expectNoSecretLeaks } from './support/secret-leaks.js';

const writes = (sandbox: Sandbox) => sandbox.world.emulator.requests.filter((r) => r.request.method !== 'GET').length;

/** The server side only: an ARM read here could take the latency rule meant for the reconciler. */
async function inventories(sandbox: Sandbox): Promise<unknown[]> {
  const list = [];
  for await (const stored of sandbox.scout.reconciler.listInventories()) list.push(stored);
  return list;
}

/** A reconciler killed mid-apply leaves nothing a rerun cannot finish; two reconcilers never act at once. */
/** Makes the next `Tokens_List` take 6 s, holding an apply in observation (it has the lease, writes nothing). */
function slowFirstTokenList(sandbox: Sandbox): () => void {
  return sandbox.world.emulator.faults.add({
    kind: 'latency',
    latencyMs: 6000,
    times: 1,
    match: { operationId: 'Tokens_List' },
  });
}

describe('scout-acr apply: kill -9 and the lease', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox('crash');
    await sandbox.writeConfig(TWO_REGISTRIES);
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('kill -9 after a seeded number of writes, then apply again: converged, no duplicate, no orphan', async () => {
    const seed = 1409;
    const killAfter = 1 + (seed % 7); // 1..7 of the ~10 writes of a first apply
    sandbox.world.emulator.resetRequests();
    const child = sandbox.spawnCli(['apply', '--auto-approve']);
    const exited = once(child, 'exit');
    while (writes(sandbox) < killAfter && child.exitCode === null) await delay(5);
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect(signal ?? code).toBe('SIGKILL');

    // The dead holder's lease is still there: a new apply refuses at once, naming it.
    const blocked = await sandbox.cli(['apply', '--auto-approve']);
    expect(blocked.code, blocked.stderr).toBe(75);
    expect(blocked.stderr).toContain(`pid ${child.pid}`);
    // Stand in for the lease expiring (5 min TTL): release it as that holder.
    await sandbox.scout.reconciler.releaseLease('reconciler', `scout-acr apply (pid ${child.pid})`);

    const apply = await sandbox.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const snap = await sandbox.snapshot();
    for (const name of ['contoso', 'fabrikam']) {
      expect(snap.azure[name]?.tokens).toEqual(['docker-scout-readonly-token']);
      expect(snap.azure[name]?.topics).toHaveLength(1);
      expect(snap.azure[name]?.topics[0]).toMatch(/^docker-scout-repository/);
      expect(snap.azure[name]?.subscriptions).toEqual(['image-change']);
    }
    expect(snap.integrations.map((i) => i.status)).toEqual(['CONNECTED', 'CONNECTED']);
    const inventoried = new Set(snap.inventories.flatMap((i) => i.ids));
    for (const side of Object.values(snap.azure)) for (const id of side.ids) expect(inventoried).toContain(id);
    const plan = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  }, 180_000);

  it('a second apply during an apply exits 75 without writing; with --wait-for-lease it then finds nothing to do', async () => {
    // Give the first apply work (fabrikam leaves) and hold it in observation: its first token list takes 6 s.
    // It cannot write before observation ends, so every ARM write in that window would be the second's.
    await sandbox.writeConfig(TWO_REGISTRIES.split('  - resourceGroup').slice(0, 2).join('  - resourceGroup'));
    const remove = slowFirstTokenList(sandbox);
    sandbox.world.emulator.resetRequests();
    const first = sandbox.spawnCli(['apply', '--auto-approve']);
    const firstExit = once(first, 'exit');
    try {
      // The first holds the lease once it sends its first ARM request (it takes the lease before observing).
      while (sandbox.world.emulator.requests.length === 0 && first.exitCode === null) await delay(10);
      const inventoriesBefore = await inventories(sandbox);

      const second = await sandbox.cli(['apply', '--auto-approve']);
      expect(second.code, second.stderr).toBe(75);
      expect(second.stderr).toMatch(/another reconciler \(scout-acr apply \(pid \d+\)\) is applying/);
      expect(first.exitCode).toBe(null);
      expect(writes(sandbox)).toBe(0);
      expect(await inventories(sandbox)).toEqual(inventoriesBefore);

      const waiting = await sandbox.cli(['apply', '--auto-approve', '--wait-for-lease', '60s']);
      expect(waiting.code, waiting.stderr + waiting.stdout).toBe(0);
      expect(first.exitCode).not.toBe(null);
      expect(waiting.stdout).toMatch(/No changes|0 added, 0 changed, 0 destroyed/);
    } finally {
      remove();
    }
    const [firstCode] = await firstExit;
    expect(firstCode).toBe(0);
  }, 180_000);

  it('run --once: exits 75 on a held lease; with --wait-for-lease it waits out a dead holder’s --lease-ttl', async () => {
    // A holder with a 10 s lease, killed while it observes (its token list takes 6 s): nobody renews or releases.
    const remove = slowFirstTokenList(sandbox);
    sandbox.world.emulator.resetRequests();
    const holder = sandbox.spawnCli(['apply', '--auto-approve', '--lease-ttl', '10s']);
    const exited = once(holder, 'exit');
    try {
      while (sandbox.world.emulator.requests.length === 0 && holder.exitCode === null) await delay(10);
      holder.kill('SIGKILL');
      await exited;
    } finally {
      remove();
    }

    const refused = await sandbox.cli(['run', '--once']);
    expect(refused.code, refused.stderr).toBe(75);
    expect(refused.stderr).toContain(`another reconciler (scout-acr apply (pid ${holder.pid})) is applying`);

    const waited = await sandbox.cli(['run', '--once', '--wait-for-lease', '60s', '--lease-ttl', '30s']);
    // 0, not 75: it took the lease once the dead holder's expired.
    expect(waited.code, waited.stderr).toBe(0);
    const plan = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  }, 180_000);

  it('rejects a lease TTL the server could let lapse mid-apply, as a usage error', async () => {
    const result = await sandbox.cli(['run', '--once', '--lease-ttl', '2s']);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/--lease-ttl must be between 10s and 24h, got "2s"/);
  });

  it('leaks no secret (API key, generated passwords, webhook secrets) in any output, file or recording', async () => {
    expectNoSecretLeaks(await sandbox.secretLeaks());
  });
});
