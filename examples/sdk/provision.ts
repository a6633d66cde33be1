/**
 * Provisions Docker Scout's three Azure resources for one registry with the scout-acr SDK, the way Docker's ARM
 * template did, plus a token password:
 *   - token `docker-scout-readonly-token` on the built-in scope map `_repositories_pull_metadata_read`,
 *   - a password for it (`password1`, expiring in 90 days),
 *   - the registry's Event Grid system topic (reused if one exists: Azure allows one per registry),
 *   - the `image-change` subscription delivering ImagePushed/ImageDeleted to your webhook.
 * Re-running it converges (every step is create-or-update).
 *
 * Run (real Azure: log in with `az login` or any DefaultAzureCredential source):
 *   AZURE_SUBSCRIPTION_ID=… SCOUT_ACR_RESOURCE_GROUP=… SCOUT_ACR_REGISTRY=myregistry \
 *   SCOUT_ACR_WEBHOOK_URL='https://scout.example.com/…' \
 *   pnpm exec tsx --conditions=@scout-acr/source examples/sdk/provision.ts
 *
 * Against the ARM emulator (or another ARM endpoint) also set:
 *   SCOUT_ACR_ARM_ENDPOINT=https://127.0.0.1:PORT   the ARM URL
 *   SCOUT_ACR_ARM_CA=/path/to/ca.pem                 its CA, if not publicly trusted
 *   SCOUT_ACR_ARM_TOKEN=anything                     a static bearer token instead of DefaultAzureCredential
 */
import { readFileSync } from 'node:fs';
import { createLogger, isTransientError, Secret, withRetries } from '@scout-acr/sdk';
import {
  AzureAcrClient,
  type AzureClientOptions,
  AzureError,
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
} from '@scout-acr/sdk/azure';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`error: set ${name}\n`);
    process.exit(2);
  }
  return value;
}

const env = process.env;
const registry = { resourceGroup: required('SCOUT_ACR_RESOURCE_GROUP'), name: required('SCOUT_ACR_REGISTRY') };
// The webhook URL carries the server's secret: keep it in a Secret from the moment it is read.
const webhookUrl = new Secret(required('SCOUT_ACR_WEBHOOK_URL'));
const staticToken = env.SCOUT_ACR_ARM_TOKEN ?? env.SCOUT_ACR_AZURE_TOKEN;
const credential: AzureClientOptions['credential'] = staticToken
  ? { getToken: async () => ({ token: staticToken, expiresOnTimestamp: Date.now() + 3_600_000 }) }
  : undefined; // DefaultAzureCredential

const azure = new AzureAcrClient({
  subscriptionId: required('AZURE_SUBSCRIPTION_ID'),
  endpoint: env.SCOUT_ACR_ARM_ENDPOINT,
  tlsCa: env.SCOUT_ACR_ARM_CA ? readFileSync(env.SCOUT_ACR_ARM_CA, 'utf8') : undefined,
  credential,
  logger: createLogger({ name: 'provision' }),
  pollIntervalMs: env.SCOUT_ACR_ARM_ENDPOINT ? 100 : undefined,
});

async function provision(): Promise<void> {
  const info = await azure.registries.get(registry);
  console.log(`registry ${info.name} (${info.loginServer})`);

  const token = await azure.tokens.createOrUpdate(registry, DOCKER_SCOUT_NAMES.token, {
    scopeMap: DOCKER_SCOUT_NAMES.scopeMap,
  });
  console.log(`token ${token.name} → scope map ${token.scopeMapName} (${token.status})`);

  const password = await azure.passwords.generate(registry, token.name, {
    name: 'password1',
    expiry: new Date(Date.now() + 90 * 86_400_000),
  });
  // `password.value` is a Secret: printing it shows "(sensitive)". Hand `password.value.reveal()` straight to the
  // scout-acr server (ScoutClient integrations API) together with the login server and token name.
  console.log(`password ${password.name} for ${password.username}, expires ${password.expiry}: ${password.value}`);

  const topic =
    (await azure.systemTopics.findForRegistry(info)) ??
    (await azure.systemTopics.create(info, DOCKER_SCOUT_NAMES.systemTopic));
  console.log(`system topic ${topic.name}`);

  // Event Grid validates the webhook during this call: the server must already answer the handshake.
  const subscription = await azure.eventSubscriptions.createOrUpdate(
    topic,
    DOCKER_SCOUT_NAMES.eventSubscription,
    buildImageChangeSubscription(webhookUrl),
  );
  const base =
    subscription.destination && 'endpointBaseUrl' in subscription.destination
      ? subscription.destination.endpointBaseUrl
      : undefined;
  console.log(`event subscription ${subscription.name} → ${base} (${subscription.provisioningState})`);
}

try {
  await withRetries(provision, { maxRetries: 3, shouldRetry: isTransientError });
  const state = await azure.describeRegistryIntegration(registry);
  console.log(
    `done: ${state.calls} calls to read it all back; token passwords: ${state.token?.passwords.map((p) => p.name).join(', ')}`,
  );
} catch (error) {
  // Typed errors carry a code, ARM's request id and whether retrying can help; never a secret.
  if (error instanceof AzureError) {
    console.error(`${error.name} ${error.code}: ${error.message} (request id ${error.requestId ?? 'n/a'})`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
