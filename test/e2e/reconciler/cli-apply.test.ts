import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AzureAcrClient, toArray } from '@scout-acr/sdk/azure';
import { ScoutClient } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOciLayout, pushImage } from '../../harness/images/index.js';
import { repoRoot } from '../../harness/tls/index.js';
import { startWorld, type World } from '../../harness/world.js';
import { armRecordings, expectNoSecretLeaks, filesUnder, findLeaks, knownSecrets } from './support/secret-leaks.js';

const exec = promisify(execFile);
const CLI = join(repoRoot, 'packages/reconciler/dist/cli.js');

/** The built `scout-acr` binary against the test world, the way a user runs it with `.sandbox/env` sourced. */
describe('scout-acr plan / apply against the sandbox', () => {
  let world: World;
  let dir: string;
  let env: Record<string, string>;
  let scout: ScoutClient;
  let azure: AzureAcrClient;
  const outputs: string[] = [];

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
        env: { ...process.env, ...env, NO_COLOR: '1' },
        cwd: dir,
        timeout: 120_000,
      });
      outputs.push(stdout, stderr);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      outputs.push(e.stdout, e.stderr);
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  async function config(registries: string): Promise<void> {
    await writeFile(
      join(dir, 'scout-acr.yaml'),
      `version: 1
server:
  url: \${env:SCOUT_ACR_SERVER}
  apiKey: \${env:SCOUT_ACR_API_KEY}
azure:
  endpoint: \${env:SCOUT_ACR_ARM_ENDPOINT}
  subscriptionId: \${env:AZURE_SUBSCRIPTION_ID}
registries:
${registries}`,
    );
  }

  async function push(registryIndex: number, ref: string): Promise<void> {
    const registry = world.registries[registryIndex];
    if (!registry) throw new Error('no registry');
    const layout = await mkdtemp(join(tmpdir(), 'scout-acr-layout-'));
    await buildOciLayout({ dir: layout, image: { layers: [{ files: { 'app/VERSION': `${ref}\n` } }] } });
    await pushImage({ layoutDir: layout, ref, registry });
    await rm(layout, { recursive: true, force: true });
  }

  const integrations = async () => {
    const list = [];
    for await (const i of scout.integrations.list()) list.push(i);
    return list;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scout-acr-cli-'));
    world = await startWorld({ server: { dataDir: join(dir, 'server') } });
    env = world.env();
    scout = new ScoutClient({ baseUrl: env.SCOUT_ACR_SERVER as string, apiKey: env.SCOUT_ACR_API_KEY as string });
    azure = new AzureAcrClient({
      subscriptionId: world.emulator.subscriptionId,
      endpoint: world.emulator.url,
      credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      pollIntervalMs: 20,
    });
    await push(0, 'app/web:1.0');
    await push(0, 'other/tool:1.0');
    await push(1, 'app/api:1.0');
    // fabrikam already has a system topic (say, for another consumer): scout-acr must reuse it and never delete it.
    await azure.systemTopics.create({ resourceGroup: world.resourceGroup, name: 'fabrikam' }, 'pre-existing-topic');
  }, 180_000);

  afterAll(async () => {
    await world?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies from scratch for two registries: integrations CONNECTED, subscriptions validated, repositories active', async () => {
    await config(`  - resourceGroup: rg-containers
    name: contoso
    repositories:
      include: ["app/*"]
  - resourceGroup: rg-containers
    name: fabrikam
    repositories: ["app/api"]
`);
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(plan.stdout).toContain('(sensitive value)');

    const apply = await cli('apply', '--auto-approve');
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toContain('Apply complete!');

    const list = await integrations();
    expect(list.map((i) => i.status)).toEqual(['CONNECTED', 'CONNECTED']);
    for (const registry of world.registries) {
      const subscriptions = world.emulator.state.eventSubscriptionsForRegistry(registry.registryId);
      expect(subscriptions.map((s) => [s.name, s.properties.provisioningState])).toEqual([
        ['image-change', 'Succeeded'],
      ]);
    }
    const fabrikamTopics = await toArray(azure.systemTopics.list(world.resourceGroup));
    expect(fabrikamTopics.map((t) => t.name).sort()).toEqual(['docker-scout-repository', 'pre-existing-topic']);
    const contoso = list.find((i) => i.loginServer === world.registries[0]?.loginServer);
    const repos = [];
    for await (const r of scout.repositories.list(contoso?.id as string)) repos.push(r);
    expect(repos.filter((r) => r.active).map((r) => r.name)).toEqual(['app/web']);
  });

  it('records a push delivered through Event Grid', async () => {
    await push(0, 'app/web:1.1');
    const contoso = (await integrations()).find((i) => i.loginServer === world.registries[0]?.loginServer);
    for (let i = 0; i < 60; i++) {
      const found = await scout.images.lookup(contoso?.id as string, 'app/web:1.1').catch(() => undefined);
      if (found?.images.length) return;
      await delay(500);
    }
    throw new Error('app/web:1.1 was never recorded');
  });

  it('a second plan finds no changes and makes no write to Azure', async () => {
    world.emulator.resetRequests();
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    expect(world.emulator.requests.filter((r) => r.request.method !== 'GET')).toEqual([]);
  });

  it('repository added and removed, a registry removed: the plan shows exactly that and apply converges', async () => {
    await config(`  - resourceGroup: rg-containers
    name: contoso
    repositories:
      include: ["other/*"]
`);
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('will be activated');
    expect(plan.stdout).toContain('will be deactivated');
    expect(plan.stdout).toMatch(
      /registry\["[^"]*fabrikam"\]\.token\["docker-scout-readonly-token"\] will be destroyed/,
    );
    expect(plan.stdout).toMatch(/registry\["[^"]*fabrikam"\]\.eventSubscription\["image-change"\] will be destroyed/);
    expect(plan.stdout).not.toMatch(/systemTopic\["pre-existing-topic"\] will be destroyed/);

    const apply = await cli('apply', '--auto-approve');
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const fabrikam = world.registries[1];
    const tokens = await toArray(azure.tokens.list({ resourceGroup: world.resourceGroup, name: 'fabrikam' }));
    expect(tokens.map((t) => t.name)).toEqual([]);
    expect(world.emulator.state.eventSubscriptionsForRegistry(fabrikam?.registryId as string)).toEqual([]);
    expect((await integrations()).map((i) => i.loginServer)).toEqual([world.registries[0]?.loginServer]);
    const topics = await toArray(azure.systemTopics.list(world.resourceGroup));
    expect(topics.map((t) => t.name)).toContain('pre-existing-topic');

    const again = await cli('plan', '--detailed-exitcode');
    expect(again.code, again.stdout).toBe(0);
  });

  it('refuses a config that would remove every managed registry', async () => {
    await config('  []\n'.replace('  []\n', '') + '');
    await writeFile(
      join(dir, 'empty.yaml'),
      `version: 1
server:
  url: \${env:SCOUT_ACR_SERVER}
  apiKey: \${env:SCOUT_ACR_API_KEY}
azure:
  endpoint: \${env:SCOUT_ACR_ARM_ENDPOINT}
registries: []
`,
    );
    const apply = await cli('apply', '-f', 'empty.yaml', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/refusing to remove every managed registry/);
    expect((await integrations()).length).toBe(1);
  });

  it('leaks no secret (API key, generated passwords, webhook secrets) in any output, plan, file or recording', async () => {
    const issued: string[] = [];
    for (const i of await integrations()) issued.push((await scout.integrations.webhookUrl(i.id)).reveal());
    const secrets = knownSecrets(world.emulator, env.SCOUT_ACR_API_KEY as string, issued);
    const artifacts = [
      ...outputs.map((content, i) => ({ where: `output #${i + 1} of the binary`, content })),
      ...(await filesUnder(dir)),
      armRecordings(world.emulator),
    ];
    expectNoSecretLeaks({ secrets, leaks: findLeaks(secrets, artifacts) });
  });
});
