/**
 * Shared by the reconciler robustness suites: a test world, the built `scout-acr` binary run against it, and a
 * snapshot of every resource on both sides, for "no duplicate, no orphan" assertions.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AzureAcrClient, toArray } from '@scout-acr/sdk/azure';
import { ScoutClient } from '@scout-acr/sdk/client';
import { repoRoot } from '../../../harness/tls/index.js';
import { startWorld, type World } from '../../../harness/world.js';
import { armRecordings, filesUnder, findLeaks, type KnownSecrets, knownSecrets } from './secret-leaks.js';

const exec = promisify(execFile);
export const CLI = join(repoRoot, 'packages/reconciler/dist/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  world: World;
  dir: string;
  env: Record<string, string>;
  scout: ScoutClient;
  azure: AzureAcrClient;
  /** Every stdout/stderr the binary produced (and anything else a test fetched from it, e.g. metrics). */
  outputs: string[];
  /**
   * The secret-leak check: every secret the run handled (API key, generated passwords, webhook secrets, see
   * ./secret-leaks.ts), searched for in the outputs, the server's log at debug level, every file in the sandbox
   * directory (plans, configs, the server's data) and the recorded ARM exchanges. `leaks` lists where each one was found.
   */
  secretLeaks(): Promise<{ secrets: KnownSecrets; leaks: string[] }>;
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  spawnCli(args: string[], extraEnv?: Record<string, string>): ChildProcess & { output: () => string };
  writeConfig(registries: string, options?: { serverUrl?: string; azure?: string; file?: string }): Promise<string>;
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

export interface Snapshot {
  /** Per registry name: token names, system topic names, subscription names under those topics. */
  azure: Record<string, { tokens: string[]; topics: string[]; subscriptions: string[]; ids: string[] }>;
  integrations: Array<{ id: string; loginServer: string; status: string }>;
  inventories: Array<{ address: string; ids: string[]; integrationId?: string }>;
}

export async function startSandbox(prefix: string): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), `scout-acr-${prefix}-`));
  const world = await startWorld({ server: { dataDir: join(dir, 'server'), captureLog: true } });
  const env = world.env();
  const scout = new ScoutClient({ baseUrl: env.SCOUT_ACR_SERVER as string, apiKey: env.SCOUT_ACR_API_KEY as string });
  const azure = new AzureAcrClient({
    subscriptionId: world.emulator.subscriptionId,
    endpoint: world.emulator.url,
    credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    pollIntervalMs: 20,
  });
  const outputs: string[] = [];
  const children = new Set<ChildProcess>();
  const childEnv = (extra: Record<string, string> = {}) => ({ ...process.env, ...env, NO_COLOR: '1', ...extra });

  const sandbox: Sandbox = {
    world,
    dir,
    env,
    scout,
    azure,
    outputs,
    async secretLeaks() {
      // Webhook URLs the server issued, including any never sent to Azure.
      const issued: string[] = [];
      for await (const i of scout.integrations.list())
        issued.push((await scout.integrations.webhookUrl(i.id)).reveal());
      const secrets = knownSecrets(world.emulator, env.SCOUT_ACR_API_KEY as string, issued);
      const serverLog = world.server?.log() ?? '';
      // The server logs every request at debug level: an empty log means the capture broke, not a clean run.
      if (!serverLog.includes('"msg":"request"')) throw new Error('the server log was not captured');
      const artifacts = [
        ...outputs.map((content, i) => ({ where: `output #${i + 1} of the binary`, content })),
        { where: "the server's log (debug level)", content: serverLog },
        ...(await filesUnder(dir)),
        armRecordings(world.emulator),
      ];
      return { secrets, leaks: findLeaks(secrets, artifacts) };
    },
    async cli(args, extraEnv) {
      try {
        const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
          env: childEnv(extraEnv),
          cwd: dir,
          timeout: 120_000,
        });
        outputs.push(stdout, stderr);
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        outputs.push(e.stdout, e.stderr);
        return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
      }
    },
    spawnCli(args, extraEnv) {
      const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(extraEnv), cwd: dir });
      let text = '';
      child.stdout.on('data', (d) => {
        text += String(d);
      });
      child.stderr.on('data', (d) => {
        text += String(d);
      });
      children.add(child);
      child.on('exit', () => {
        children.delete(child);
        outputs.push(text);
      });
      return Object.assign(child, { output: () => text });
    },
    async writeConfig(registries, options = {}) {
      const file = join(dir, options.file ?? 'scout-acr.yaml');
      const server = options.serverUrl
        ? `  url: ${options.serverUrl}\n  webhookBaseUrl: \${env:SCOUT_ACR_SERVER}\n`
        : '  url: ${env:SCOUT_ACR_SERVER}\n';
      await writeFile(
        file,
        `version: 1
server:
${server}  apiKey: \${env:SCOUT_ACR_API_KEY}
azure:
  endpoint: \${env:SCOUT_ACR_ARM_ENDPOINT}
  subscriptionId: \${env:AZURE_SUBSCRIPTION_ID}
${options.azure ?? ''}registries:
${registries}`,
      );
      return file;
    },
    async snapshot() {
      const rg = world.resourceGroup;
      const result: Snapshot = { azure: {}, integrations: [], inventories: [] };
      const allTopics = await toArray(azure.systemTopics.list(rg));
      for (const registry of world.registries) {
        const name = registry.name;
        const tokens = await toArray(azure.tokens.list({ resourceGroup: rg, name }));
        const topics = allTopics.filter((t) => t.source?.toLowerCase() === registry.registryId.toLowerCase());
        const subscriptions = [];
        for (const topic of topics) {
          subscriptions.push(
            ...(await toArray(azure.eventSubscriptions.list({ resourceGroup: rg, name: topic.name }))),
          );
        }
        result.azure[name] = {
          tokens: tokens.map((t) => t.name).sort(),
          topics: topics.map((t) => t.name).sort(),
          subscriptions: subscriptions.map((s) => s.name).sort(),
          ids: [...tokens, ...topics, ...subscriptions].map((r) => r.id.toLowerCase()),
        };
      }
      for await (const i of scout.integrations.list()) {
        result.integrations.push({ id: i.id, loginServer: i.loginServer, status: i.status });
      }
      for await (const stored of scout.reconciler.listInventories()) {
        const inv = stored.inventory;
        const ids = [inv.scopeMapId, inv.tokenId, inv.systemTopicId, inv.eventSubscriptionId, ...(inv.adopted ?? [])];
        result.inventories.push({
          address: inv.address,
          integrationId: inv.integrationId,
          ids: ids.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()),
        });
      }
      return result;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await world.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

/** Both registries of the default world, every repository under `app/`. */
export const TWO_REGISTRIES = `  - resourceGroup: rg-containers
    name: contoso
    repositories:
      include: ["app/*"]
  - resourceGroup: rg-containers
    name: fabrikam
    repositories:
      include: ["app/*"]
`;
