/**
 * The scout-acr demo, against the local sandbox (`pnpm sandbox up`, then `source .sandbox/env`).
 * Part 1, by hand with the SDK, on registry `fabrikam`: push an image with skopeo; provision Docker Scout's three
 * Azure resources (token + password, system topic, subscription), handing the password straight to the scout-acr
 * server, which tests the connection; pull with the token; activate; a new push arrives through Event Grid.
 * Part 2, as code with the `scout-acr` CLI, on registry `contoso`: `plan` and `apply` of
 * `examples/demo/scout-acr.yaml`, then a push recorded through Event Grid and a plan with no changes.
 * Part 3, what the server found in the image Part 2 pushed (real old packages, matched with the real OSV records
 * that `pnpm sandbox up` imported from `examples/demo/osv`): `scout-acr quickview` and `scout-acr cves`; then the
 * dashboard's address and a read-only key to sign in with.
 * Run with `./scripts/demo.sh` (which starts the sandbox and sources its env), or directly with the env sourced.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Secret } from '@scout-acr/sdk';
import { AzureAcrClient, buildImageChangeSubscription, DOCKER_SCOUT_NAMES } from '@scout-acr/sdk/azure';
import { ScoutClient } from '@scout-acr/sdk/client';
import { RegistryClient } from '@scout-acr/sdk/registry';
import { repoRoot } from '@scout-acr/test/harness';
import { waitForAnalysis } from './analysis.js';
import { push } from './image.js';
import { cli, env, part, say, step } from './output.js';
import { describeDemoRecords } from './vulndata.js';

const resourceGroup = env('SCOUT_ACR_SANDBOX_RESOURCE_GROUP');
const [codeRegistryName, sdkRegistryName] = env('SCOUT_ACR_SANDBOX_REGISTRIES').split(',') as [string, string];

const azure = new AzureAcrClient({
  subscriptionId: env('AZURE_SUBSCRIPTION_ID'),
  endpoint: env('SCOUT_ACR_ARM_ENDPOINT'),
  // The sandbox's ARM emulator accepts any bearer token (real Azure: omit this for DefaultAzureCredential).
  credential: {
    getToken: async () => ({ token: env('SCOUT_ACR_AZURE_TOKEN'), expiresOnTimestamp: Date.now() + 3_600_000 }),
  },
  pollIntervalMs: 100,
});
const scout = new ScoutClient({ baseUrl: env('SCOUT_ACR_SERVER'), apiKey: env('SCOUT_ACR_API_KEY') });
// Read-only, minted by `pnpm sandbox up` and gone with `pnpm sandbox down`: the key the demo prints at the end.
const viewerKey = env('SCOUT_ACR_SANDBOX_VIEWER_KEY');

/** Re-running the demo updates what the first run created. */
async function findIntegration(loginServer: string) {
  for await (const candidate of scout.integrations.list()) if (candidate.loginServer === loginServer) return candidate;
  return undefined;
}

part('Part 1 — by hand, with @scout-acr/sdk');
step(`Registry ${sdkRegistryName} in resource group ${resourceGroup}, resolved through ARM`);
const registry = await azure.registries.get({ resourceGroup, name: sdkRegistryName });
say(`${registry.id}`);
say(`login server ${registry.loginServer}`);

step('Push app/web:1.0 with skopeo');
await push('app/web', '1.0', registry);
say('pushed');

step("Provision Docker Scout's three resources with @scout-acr/sdk");
const token = await azure.tokens.createOrUpdate(registry.id, DOCKER_SCOUT_NAMES.token, {
  scopeMap: '_repositories_pull_metadata_read',
});
say(`token ${token.name} → scope map ${token.scopeMapName} (${token.status})`);
const expiry = new Date(Date.now() + 90 * 86_400_000);
const password = await azure.passwords.generate(registry.id, token.name, { name: 'password1', expiry });
say(`password1 generated, expires ${password.expiry}; value: ${password.value} (handed straight to the server)`);

step('Create the integration on the scout-acr server (it runs the connection test)');
const existing = await findIntegration(registry.loginServer);
let integration = existing
  ? await scout.integrations.update(existing.id, { tokenName: token.name, password: password.value.reveal() })
  : await scout.integrations.create({
      loginServer: registry.loginServer,
      tokenName: token.name,
      password: password.value.reveal(),
    });
// A new ACR token password can take a moment to work; the server reports PENDING until it does.
for (let i = 0; i < 30 && integration.status !== 'CONNECTED'; i++) {
  await delay(1000);
  integration = await scout.integrations.test(integration.id);
}
say(
  `integration ${integration.id}: ${integration.status}${integration.statusReason ? ` (${integration.statusReason})` : ''}`,
);
if (integration.status !== 'CONNECTED')
  throw new Error(`the connection test did not pass: ${integration.statusReason}`);

step('Event Grid: the system topic and the image-change subscription (the handshake reaches the server)');
const topic =
  (await azure.systemTopics.findForRegistry(registry)) ??
  (await azure.systemTopics.create(registry, DOCKER_SCOUT_NAMES.systemTopic));
say(`system topic ${topic.name} (source ${topic.source.split('/').pop()})`);
const webhook = new Secret(integration.webhookUrl as string);
const subscription = await azure.eventSubscriptions.createOrUpdate(
  topic.id,
  DOCKER_SCOUT_NAMES.eventSubscription,
  buildImageChangeSubscription(webhook),
);
say(
  `subscription ${subscription.name}: ${subscription.provisioningState}; endpoint ${webhook} (the URL carries a secret)`,
);

step('Use the read-only token like Scout does: list the catalog, pull the newest image');
const reader = new RegistryClient({
  loginServer: registry.loginServer,
  credentials: { username: token.name, password: password.value },
});
const repositories: string[] = [];
for await (const name of reader.catalog()) repositories.push(name);
say(`catalog: ${repositories.join(', ')}`);
const newest = await reader.newestTag('app/web');
const pulled = await reader.getImage('app/web', newest?.name ?? '1.0');
let bytes = 0;
for (const layer of pulled.manifest.layers) {
  // Streamed and digest-verified as it arrives; never held whole in memory.
  for await (const chunk of await reader.getBlob('app/web', layer.digest, { size: layer.size })) bytes += chunk.length;
}
say(
  `pulled app/web:${newest?.name} (${pulled.digest.slice(0, 19)}…, ${pulled.config.os}/${pulled.config.architecture}): ${pulled.manifest.layers.length} layer(s), ${bytes} bytes verified`,
);
await reader.close();

step('Activate app/* — the latest image of each repository is analyzed');
const activation = await scout.repositories.activate(integration.id, { patterns: ['app/*'] });
say(`activated: ${JSON.stringify(activation)}`);

async function waitForImage(integrationId: string, tag: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const found = await scout.images.lookup(integrationId, `app/web:${tag}`).catch(() => undefined);
    const image = found?.images[0];
    if (image) {
      const platform = image.platform ? `${image.platform.os}/${image.platform.architecture}` : 'unknown platform';
      say(
        `app/web:${tag} recorded: ${image.digest.slice(0, 19)}… ${platform}, ${image.layers.length} layer(s), tags ${image.tags.join(', ')}`,
      );
      return;
    }
    await delay(500);
  }
  throw new Error(`app/web:${tag} was not recorded within 30 s`);
}
await waitForImage(integration.id, '1.0');

step('Push app/web:1.1 — Event Grid delivers ImagePushed to the webhook and the server records it');
await push('app/web', '1.1', registry);
await waitForImage(integration.id, '1.1');

part('Part 2 — as code, with the scout-acr CLI');
const codeRegistry = await azure.registries.get({ resourceGroup, name: codeRegistryName });
step(`Push app/base:22.04 and app/web:1.0 (built on it) to ${codeRegistryName} with skopeo`);
await push('app/base', '22.04', codeRegistry);
await push('app/web', '1.0', codeRegistry);
say('pushed');
const config = join(repoRoot, 'examples/demo/scout-acr.yaml');
step(`scout-acr plan -f examples/demo/scout-acr.yaml`);
cli('plan', '-f', config);
step(`scout-acr apply -f examples/demo/scout-acr.yaml --auto-approve`);
cli('apply', '-f', config, '--auto-approve');
const managed = await findIntegration(codeRegistry.loginServer);
if (!managed) throw new Error('apply did not create the integration');
say(`integration ${managed.id}: ${managed.status}`);
step(`Push app/web:1.1 to ${codeRegistryName} — recorded through Event Grid`);
await push('app/web', '1.1', codeRegistry);
await waitForImage(managed.id, '1.1');
step('scout-acr plan --detailed-exitcode — nothing left to do');
cli('plan', '-f', config, '--detailed-exitcode');

part('Part 3 — what scout-acr found, with the scout-acr CLI');
step('The vulnerability data: real OSV records that `pnpm sandbox up` imported from examples/demo/osv');
const vulnDb = await scout.vulndb.status();
if (!vulnDb.loadedAt)
  throw new Error('the sandbox server has no vulnerability database loaded: see `pnpm sandbox status`');
say(`the server has ${vulnDb.records} records loaded, imported ${vulnDb.importedAt}:`);
for (const line of await describeDemoRecords()) say(`  ${line}`);
step('Wait until the server has analyzed app/base:22.04 and app/web:1.1 and matched their packages');
await waitForAnalysis(scout, managed.id, 'app/base:22.04');
await waitForAnalysis(scout, managed.id, 'app/web:1.1');
const image = `${codeRegistry.loginServer}/app/web:1.1`;
step(`scout-acr quickview ${image}`);
cli('quickview', image);
step(`scout-acr cves ${image}`);
cli('cves', image);

step('Done — the sandbox keeps running');
// The admin key is never printed; the viewer key can change nothing.
say(`Dashboard: ${new URL('/', env('SCOUT_ACR_SERVER')).href}`);
say(`Sign in with the sandbox's read-only viewer key: ${viewerKey}`);
const envFile = join(process.env.SCOUT_ACR_SANDBOX_DIR ?? '.sandbox', 'env');
say(`(the admin key, which may also toggle repositories, is SCOUT_ACR_API_KEY in ${envFile})`);
say('Explore: curl -H "Authorization: Bearer $SCOUT_ACR_API_KEY" "$SCOUT_ACR_SERVER/v1/integrations"');
say('Stop everything: pnpm sandbox down');
