/** Convergence under random ARM faults, and a search for leaked secrets in logs and errors. */
import { inspect } from 'node:util';
import { type GeneratedPassword, Secret, withRetries } from '@scout-acr/sdk';
import {
  type AzureAcrClient,
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
  type RegistryRef,
} from '@scout-acr/sdk/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { captureLogger, clientFor, startWebhook, type TestWebhook } from './helpers.js';

let arm: ArmEmulator;
let good: TestWebhook;
let wrong: TestWebhook;

beforeAll(async () => {
  arm = await startArmEmulator();
  good = await startWebhook('ok');
  wrong = await startWebhook('wrong');
});

afterAll(async () => {
  await good?.close();
  await wrong?.close();
  await arm?.close();
});

/** Docker's three resources plus a password, as a reconciler would provision them (rerun on transient failure). */
async function provision(azure: AzureAcrClient, registry: RegistryRef, webhookUrl: Secret): Promise<GeneratedPassword> {
  return withRetries(
    async () => {
      await azure.tokens.createOrUpdate(registry, DOCKER_SCOUT_NAMES.token, { scopeMap: DOCKER_SCOUT_NAMES.scopeMap });
      const password = await azure.passwords.generate(registry, DOCKER_SCOUT_NAMES.token, {
        name: 'password1',
        expiry: new Date(Date.now() + 90 * 86_400_000),
      });
      const topic =
        (await azure.systemTopics.findForRegistry(registry)) ??
        (await azure.systemTopics.create(registry, DOCKER_SCOUT_NAMES.systemTopic));
      await azure.eventSubscriptions.createOrUpdate(
        topic,
        DOCKER_SCOUT_NAMES.eventSubscription,
        buildImageChangeSubscription(webhookUrl),
      );
      return password;
    },
    { maxRetries: 3, baseDelayMs: 20 },
  );
}

describe('random faults', () => {
  it('converges with faults.random({ seed: 42, rate: 0.2 })', async () => {
    arm.state.ensureResourceGroup('rg-faults');
    const reg = arm.state.createRegistry({ resourceGroup: 'rg-faults', name: 'faultsregistry' });
    const azure = clientFor(arm);
    const url = new Secret(good.urlWithSecret('faults-webhook-secret'));
    arm.resetRequests();
    arm.faults.random({ seed: 42, rate: 0.2 });
    let password: GeneratedPassword;
    try {
      password = await provision(azure, { resourceGroup: 'rg-faults', name: 'faultsregistry' }, url);
    } finally {
      arm.faults.clear();
    }
    const faulted = arm.requests.filter((r) => r.response.statusCode === 429 || r.response.statusCode >= 500);
    expect(faulted.length).toBeGreaterThan(0);

    const auth = arm.state.authenticateToken({
      loginServer: reg.loginServer,
      tokenName: DOCKER_SCOUT_NAMES.token,
      password: password.value.reveal(),
    });
    expect(auth.ok).toBe(true);
    const subs = arm.state.eventSubscriptionsForRegistry(reg.id);
    expect(subs.map((s) => s.name)).toEqual([DOCKER_SCOUT_NAMES.eventSubscription]);
    expect(subs[0]?.properties).toMatchObject({ destination: { properties: { endpointUrl: url.reveal() } } });
    const state = await azure.describeRegistryIntegration(reg.id);
    expect(state.systemTopic?.name).toBe(DOCKER_SCOUT_NAMES.systemTopic);
    expect(state.token?.passwords.map((p) => p.name)).toEqual(['password1']);
  });
});

describe('secrets', () => {
  it('never writes a password or webhook secret to logs or errors', async () => {
    arm.state.ensureResourceGroup('rg-secrets');
    arm.state.createRegistry({ resourceGroup: 'rg-secrets', name: 'secretsregistry' });
    const registry = { resourceGroup: 'rg-secrets', name: 'secretsregistry' };
    const capture = captureLogger();
    const azure = clientFor(arm, { logger: capture.logger });
    const webhookSecrets = ['leak-check-secret-aaaa', 'leak-check-secret-bbbb', 'leak-check-secret-cccc'];
    const passwords: string[] = [];
    const errors: unknown[] = [];

    // Happy path, with some throttling and errors so that retries are logged too.
    arm.faults.add({ match: { method: 'PUT' }, kind: 'throttle', retryAfterSeconds: 0, times: 2 });
    arm.faults.add({ match: { operationId: 'Registries_GenerateCredentials' }, kind: 'error', status: 500, times: 1 });
    const first = await provision(azure, registry, new Secret(good.urlWithSecret(webhookSecrets[0] ?? '')));
    passwords.push(first.value.reveal());
    const second = await azure.passwords.generate(registry, DOCKER_SCOUT_NAMES.token, { name: 'password2' });
    passwords.push(second.value.reveal());
    const full = await azure.eventSubscriptions.getFullUrl(
      { resourceGroup: 'rg-secrets', name: DOCKER_SCOUT_NAMES.systemTopic },
      DOCKER_SCOUT_NAMES.eventSubscription,
    );
    errors.push(full); // a Secret: must render redacted too

    // Failures that involve secrets: a handshake against a wrong webhook, a PATCH to it, a static secret attribute.
    const topic = { resourceGroup: 'rg-secrets', name: DOCKER_SCOUT_NAMES.systemTopic };
    await azure.eventSubscriptions
      .createOrUpdate(
        topic,
        'leaky',
        buildImageChangeSubscription(new Secret(wrong.urlWithSecret(webhookSecrets[1] ?? ''))),
      )
      .catch((e: unknown) => errors.push(e));
    await azure.eventSubscriptions
      .update(topic, DOCKER_SCOUT_NAMES.eventSubscription, {
        destination: {
          endpointType: 'WebHook',
          endpointUrl: new Secret(wrong.urlWithSecret(webhookSecrets[2] ?? '')),
          deliveryAttributeMappings: [{ type: 'Static', name: 'x-key', value: new Secret('static-attr-leak-check') }],
        },
      })
      .catch((e: unknown) => errors.push(e));
    expect(errors.length).toBe(3);

    const haystack = [
      capture.text(),
      ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 8, showHidden: true })}`),
    ].join('\n');
    expect(capture.text()).toContain('retrying Azure request');
    expect(capture.text()).toContain('eventSubscriptions.createOrUpdate');
    for (const secret of [...passwords, ...webhookSecrets, 'static-attr-leak-check']) {
      expect(secret.length).toBeGreaterThan(8);
      expect(haystack).not.toContain(secret);
    }
  });
});
