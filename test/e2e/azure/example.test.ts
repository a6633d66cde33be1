/** Runs examples/sdk/provision.ts as a user would, against the ARM emulator, and checks what it provisioned. */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DOCKER_SCOUT_NAMES } from '@scout-acr/sdk/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { clientFor, startWebhook, type TestWebhook } from './helpers.js';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let arm: ArmEmulator;
let webhook: TestWebhook;

beforeAll(async () => {
  arm = await startArmEmulator();
  arm.state.ensureResourceGroup('rg-example');
  arm.state.createRegistry({ resourceGroup: 'rg-example', name: 'exampleregistry' });
  webhook = await startWebhook('ok');
});

afterAll(async () => {
  await webhook?.close();
  await arm?.close();
});

describe('examples/sdk/provision.ts', () => {
  it("provisions Docker's three resources and a password, twice (idempotent), printing no secret", async () => {
    const secret = 'example-webhook-secret-42';
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AZURE_SUBSCRIPTION_ID: arm.subscriptionId,
      SCOUT_ACR_ARM_ENDPOINT: arm.url,
      SCOUT_ACR_ARM_CA: arm.ca.certPath,
      SCOUT_ACR_ARM_TOKEN: 'example-token',
      SCOUT_ACR_RESOURCE_GROUP: 'rg-example',
      SCOUT_ACR_REGISTRY: 'exampleregistry',
      SCOUT_ACR_WEBHOOK_URL: webhook.urlWithSecret(secret),
    };
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const args = ['--conditions=@scout-acr/source', 'examples/sdk/provision.ts'];
    for (let i = 0; i < 2; i++) {
      const { stdout, stderr } = await run(tsx, args, { cwd: repoRoot, env, timeout: 60_000 });
      expect(stdout).toContain(`token ${DOCKER_SCOUT_NAMES.token}`);
      expect(stdout).toContain('password password1 for docker-scout-readonly-token');
      expect(stdout).toContain('(sensitive)');
      expect(stdout).toContain(
        `event subscription ${DOCKER_SCOUT_NAMES.eventSubscription} → ${webhook.url} (Succeeded)`,
      );
      expect(`${stdout}${stderr}`).not.toContain(secret);
    }
    const state = await clientFor(arm).describeRegistryIntegration({
      resourceGroup: 'rg-example',
      name: 'exampleregistry',
    });
    expect(state.token?.scopeMapName).toBe(DOCKER_SCOUT_NAMES.scopeMap);
    expect(state.token?.passwords.map((p) => p.name)).toEqual(['password1']);
    expect(state.systemTopic?.name).toBe(DOCKER_SCOUT_NAMES.systemTopic);
    expect(state.eventSubscriptions.map((s) => s.name)).toEqual([DOCKER_SCOUT_NAMES.eventSubscription]);
  });
});
