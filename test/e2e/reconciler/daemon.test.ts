import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './support/sandbox-cli.js';
import { expectNoSecretLeaks } from './support/secret-leaks.js';

const CONTOSO = `  - resourceGroup: rg-containers
    name: contoso
    repositories: ["app/web"]
`;
const FABRIKAM = `  - resourceGroup: rg-containers
    name: fabrikam
    repositories: ["app/api"]
`;

/** Polls `check` every 250 ms until it returns a value, failing after `attempts` tries (not a timed assertion). */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, attempts = 120): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await delay(250);
  }
  throw new Error(`never happened: ${what}`);
}

/** `scout-acr run`: health endpoints, drift correction, reload on config change, graceful SIGTERM. */
describe('scout-acr run (daemon)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox('daemon');
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('reconciles, corrects drift, reloads on a config edit and releases the lease on SIGTERM', async () => {
    await sandbox.writeConfig(CONTOSO);
    const daemon = sandbox.spawnCli([
      'run',
      '-f',
      'scout-acr.yaml',
      '--interval',
      '2s',
      '--health-port',
      '0',
      '--health-host',
      '127.0.0.1',
    ]);
    const exited = once(daemon, 'exit');

    const health = await eventually('the startup log line names the health URL', async () => {
      const line = daemon
        .output()
        .split('\n')
        .find((l) => l.includes('"health"'));
      return line ? (JSON.parse(line) as { health: string }).health : undefined;
    });
    await eventually('/readyz answers 200', async () => ((await fetch(`${health}/readyz`)).ok ? true : undefined));
    expect((await fetch(`${health}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${health}/metrics`)).text();
    expect(metrics).toContain('scout_acr_reconciles_total');
    sandbox.outputs.push(metrics);

    // Drift: the subscription disappears; the daemon puts it back.
    const topics = (await sandbox.snapshot()).azure.contoso?.topics ?? [];
    expect(topics).toHaveLength(1);
    const topic = { resourceGroup: sandbox.world.resourceGroup, name: topics[0] as string };
    await sandbox.azure.eventSubscriptions.delete(topic, 'image-change');
    await eventually('the subscription is recreated', async () =>
      (await sandbox.snapshot()).azure.contoso?.subscriptions.includes('image-change') ? true : undefined,
    );

    // A config edit is picked up without waiting for anything but the watcher.
    await sandbox.writeConfig(CONTOSO + FABRIKAM);
    await eventually('fabrikam is integrated', async () => {
      const snap = await sandbox.snapshot();
      return snap.integrations.length === 2 && snap.integrations.every((i) => i.status === 'CONNECTED')
        ? true
        : undefined;
    });

    expect(daemon.output()).toContain('config changed');
    sandbox.outputs.push(await (await fetch(`${health}/metrics`)).text());

    daemon.kill('SIGTERM');
    const [code] = await exited;
    expect(code, daemon.output()).toBe(0);
    const apply = await sandbox.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expectNoSecretLeaks(await sandbox.secretLeaks());
  }, 180_000);
});
