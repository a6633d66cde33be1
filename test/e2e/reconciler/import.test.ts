import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../harness/eventgrid/webhook-receiver.js';
import { type Sandbox, startSandbox } from './support/sandbox-cli.js';
import { expectNoSecretLeaks } from './support/secret-leaks.js';

const CONTOSO = `  - resourceGroup: rg-containers
    name: contoso
    repositories: ["app/web"]
`;
const TOPIC = { resourceGroup: 'rg-containers', name: 'docker-scout-repository' };

/** `scout-acr import` takes over the three resources of Docker's ARM template, then apply re-points them. */
describe('scout-acr import of Docker’s ARM template resources', () => {
  let sandbox: Sandbox;
  let oldWebhook: WebhookReceiver;

  beforeAll(async () => {
    sandbox = await startSandbox('import');
    oldWebhook = await startWebhookReceiver({ tls: true });
    // Exactly what docker-scout-acr-arm-template.json deploys.
    const registry = { resourceGroup: sandbox.world.resourceGroup, name: 'contoso' };
    await sandbox.azure.tokens.createOrUpdate(registry, 'docker-scout-readonly-token', {
      scopeMap: '_repositories_pull_metadata_read',
    });
    await sandbox.azure.systemTopics.create(registry, TOPIC.name);
    await sandbox.azure.eventSubscriptions.createOrUpdate(TOPIC, 'image-change', {
      destination: { endpointType: 'WebHook', endpointUrl: oldWebhook.url },
      filter: {
        enableAdvancedFilteringOnArrays: true,
        includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed', 'Microsoft.ContainerRegistry.ImageDeleted'],
      },
    });
  }, 120_000);

  afterAll(async () => {
    await oldWebhook?.close();
    await sandbox?.close();
  });

  it('adopts token, topic and subscription, then apply points the subscription at the server', async () => {
    expect(oldWebhook.handshakes).toBeGreaterThan(0);
    await sandbox.writeConfig(CONTOSO);
    const imported = await sandbox.cli(['import', '-f', 'scout-acr.yaml']);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    const afterImport = await sandbox.snapshot();
    expect(afterImport.inventories).toHaveLength(1);
    for (const id of afterImport.azure.contoso?.ids ?? []) expect(afterImport.inventories[0]?.ids).toContain(id);

    const apply = await sandbox.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const snap = await sandbox.snapshot();
    // Nothing new was created beside the adopted three.
    expect(snap.azure.contoso?.tokens).toEqual(['docker-scout-readonly-token']);
    expect(snap.azure.contoso?.topics).toEqual(['docker-scout-repository']);
    expect(snap.azure.contoso?.subscriptions).toEqual(['image-change']);
    expect(snap.integrations.map((i) => i.status)).toEqual(['CONNECTED']);
    const plan = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
    const subscription = await sandbox.azure.eventSubscriptions.get(TOPIC, 'image-change');
    const destination = subscription.destination as { endpointBaseUrl?: string };
    expect(destination.endpointBaseUrl?.startsWith(sandbox.env.SCOUT_ACR_SERVER as string)).toBe(true);
  }, 180_000);

  it('removing the registry deletes token and subscription and keeps the adopted topic', async () => {
    await sandbox.writeConfig('  []\n');
    const apply = await sandbox.cli(['apply', '--auto-approve', '--allow-empty']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const snap = await sandbox.snapshot();
    expect(snap.azure.contoso).toMatchObject({ tokens: [], topics: ['docker-scout-repository'], subscriptions: [] });
    expect(snap.integrations).toEqual([]);
    expect(snap.inventories).toEqual([]);
  }, 180_000);

  it('leaks no secret (API key, generated passwords, webhook secrets) in any output, file or recording', async () => {
    expectNoSecretLeaks(await sandbox.secretLeaks());
  });
});
