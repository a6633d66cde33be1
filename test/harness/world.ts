/**
 * The test world in one call: the ARM emulator, Event Grid delivery, and registries with ACR's auth, wired
 * together the way Azure wires the real ones. End-to-end suites, benchmarks and the sandbox all start it here.
 */

import { randomBytes } from 'node:crypto';
import { createLogger } from '@scout-acr/sdk';
import { createApiKey, type ScoutServer, startScoutServer } from '@scout-acr/server';
import { type ArmEmulator, type ArmEmulatorOptions, startArmEmulator } from './arm/index.js';
import { type EventGridDelivery, startEventGridDelivery } from './eventgrid/index.js';
import { type PushCredentials, startRegistry, type TestRegistry } from './registry/index.js';

export interface WorldOptions {
  /** Registry names to seed (ACR names: 5-50 letters or digits). Default `contoso`, `fabrikam`. */
  registries?: string[];
  resourceGroup?: string;
  /** Multiplier on Event Grid's retry schedule (1 = real time). Default 0.001 (10 s → 10 ms). */
  timeScale?: number;
  emulator?: ArmEmulatorOptions;
  /** Also run a scout-acr server (embedded SQLite in this data directory) with an admin key for org `sandbox`. */
  server?:
    | {
        dataDir: string;
        port?: number;
        vulnDbPollMs?: number;
        /** Keep every log line, debug level included, for `server.log()` (tests only: it grows without bound). */
        captureLog?: boolean;
      }
    | undefined;
}

export interface World {
  emulator: ArmEmulator;
  delivery: EventGridDelivery;
  registries: TestRegistry[];
  resourceGroup: string;
  /**
   * The scout-acr server and an admin API key of organization `sandbox`, when asked for. With `captureLog`,
   * `log()` is every line the server logged, debug level included (stderr still gets only `LOG_LEVEL`, default
   * warn), for tests that search it for secrets; without, it is empty.
   */
  server?: { instance: ScoutServer; apiKey: string; log(): string } | undefined;
  /** Environment that points the SDK, the CLI, curl and skopeo at this world. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export const DEFAULT_REGISTRIES = ['contoso', 'fabrikam'];
export const DEFAULT_RESOURCE_GROUP = 'rg-containers';

/** pino's level numbers by name. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const resourceGroup = options.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const emulator = await startArmEmulator(options.emulator);
    closers.push(() => emulator.close());
    emulator.state.ensureResourceGroup(resourceGroup);
    const delivery = await startEventGridDelivery({ emulator, timeScale: options.timeScale ?? 0.001 });
    closers.push(() => delivery.close());
    const registries: TestRegistry[] = [];
    // One harness push identity for every registry, so scripts can push anywhere with one set of credentials.
    const pushCredentials: PushCredentials = {
      username: 'scout-acr-pusher',
      password: randomBytes(18).toString('base64url'),
    };
    for (const name of options.registries ?? DEFAULT_REGISTRIES) {
      const registry = await startRegistry({
        emulator,
        resourceGroup,
        name,
        notificationUrl: delivery.notificationUrl,
        pushCredentials,
      });
      closers.push(() => registry.close());
      registries.push(registry);
    }
    let server: World['server'];
    if (options.server) {
      const lines: string[] = [];
      const stderrLevel = LEVELS[process.env.LOG_LEVEL ?? 'warn'] ?? 40;
      const destination = {
        write(line: string) {
          lines.push(line);
          if ((JSON.parse(line) as { level: number }).level >= stderrLevel) process.stderr.write(line);
        },
      };
      const instance = await startScoutServer({
        dataDir: options.server.dataDir,
        port: options.server.port ?? 0,
        host: '127.0.0.1',
        logger: options.server.captureLog
          ? createLogger({ name: 'scout-acr-server', level: 'debug' }, destination)
          : createLogger({ name: 'scout-acr-server' }),
        ...(options.server.vulnDbPollMs === undefined ? {} : { vulnDbPollMs: options.server.vulnDbPollMs }),
      });
      closers.push(() => instance.close(5_000));
      const { key } = await createApiKey(instance.context.store, { org: 'sandbox', role: 'admin', name: 'sandbox' });
      server = { instance, apiKey: key, log: () => lines.join('') };
    }
    return {
      emulator,
      delivery,
      registries,
      resourceGroup,
      server,
      env: () => ({
        ...(server ? { SCOUT_ACR_SERVER: server.instance.url, SCOUT_ACR_API_KEY: server.apiKey } : {}),
        SCOUT_ACR_ARM_ENDPOINT: emulator.url,
        // The emulator accepts any bearer token; scout-acr's CLI takes this one instead of DefaultAzureCredential.
        SCOUT_ACR_AZURE_CREDENTIAL: 'static-token',
        SCOUT_ACR_AZURE_TOKEN: 'sandbox',
        AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
        SCOUT_ACR_SANDBOX_RESOURCE_GROUP: resourceGroup,
        SCOUT_ACR_SANDBOX_REGISTRIES: registries.map((r) => r.name).join(','),
        SCOUT_ACR_SANDBOX_LOGIN_SERVERS: registries.map((r) => r.loginServer).join(','),
        NODE_EXTRA_CA_CERTS: emulator.ca.certPath,
        SCOUT_ACR_SANDBOX_CA: emulator.ca.certPath,
        // skopeo: `--dest-cert-dir "$SCOUT_ACR_SANDBOX_CERT_DIR" --dest-creds "$SCOUT_ACR_SANDBOX_PUSH_CREDS"`.
        SCOUT_ACR_SANDBOX_CERT_DIR: registries[0]?.certDir ?? '',
        SCOUT_ACR_SANDBOX_PUSH_CREDS: registries[0]
          ? `${registries[0].pushCredentials.username}:${registries[0].pushCredentials.password}`
          : '',
        SCOUT_ACR_SANDBOX_DELIVERIES: delivery.notificationUrl.replace(/\/registry-notifications$/, '/_deliveries'),
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
