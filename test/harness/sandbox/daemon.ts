/**
 * The sandbox's background process (started by `pnpm sandbox up`): starts the test world, writes `.sandbox/env`
 * and `.sandbox/state.json`, and tears everything down on SIGTERM/SIGINT.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScoutClient } from '@scout-acr/sdk/client';
import { createApiKey } from '@scout-acr/server';
import { DEFAULT_REGISTRIES, DEFAULT_RESOURCE_GROUP, startWorld } from '../world.js';
import { renderEnvFile } from './env-file.js';
import { sandboxDir, sandboxFiles } from './paths.js';
import type { SandboxState } from './process.js';
import { importDemoVulnDb, waitForVulnDbLoaded } from './vulndb.js';

/** How often the sandbox server looks for a new `db import` (the server's default is 10 s): the demo waits less. */
const VULNDB_POLL_MS = 1000;

const { values } = parseArgs({
  options: {
    registries: { type: 'string' },
    'resource-group': { type: 'string' },
  },
});

function registryNames(value: string | undefined): string[] {
  if (!value) return DEFAULT_REGISTRIES;
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    const base = ['contoso', 'fabrikam', 'northwind', 'tailspin', 'wingtip', 'adventure'];
    return Array.from({ length: count }, (_, i) => base[i] ?? `registry${String(i + 1).padStart(3, '0')}`);
  }
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

const files = sandboxFiles(sandboxDir());
// The import and the world start side by side; the server picks the database up at start or on its next check.
const [vulnDb, world] = await Promise.all([
  importDemoVulnDb(files.data),
  startWorld({
    registries: registryNames(values.registries),
    resourceGroup: values['resource-group'] ?? DEFAULT_RESOURCE_GROUP,
    server: { dataDir: files.data, vulnDbPollMs: VULNDB_POLL_MS },
  }),
]);
const server = world.server;
if (!server) throw new Error('the sandbox world started without its scout-acr server');
await waitForVulnDbLoaded(new ScoutClient({ baseUrl: server.instance.url, apiKey: server.apiKey }), vulnDb.importedAt);
// A read-only key to sign in to the dashboard with: the demo prints it, so it is not the admin key.
const viewer = await createApiKey(server.instance.context.store, { org: 'sandbox', role: 'viewer', name: 'viewer' });
const env = { ...world.env(), SCOUT_ACR_SANDBOX_VIEWER_KEY: viewer.key };
writeFileSync(files.env, renderEnvFile(env), { mode: 0o600 });
chmodSync(files.env, 0o600);
const state: SandboxState = {
  pid: process.pid,
  startedAt: new Date().toISOString(),
  ready: true,
  caPath: world.emulator.ca.certPath,
  serverUrl: server.instance.url,
  vulnDb,
  components: [
    // Probed on its control route: a bare GET / would be ARM traffic, recorded and checked against the swaggers.
    { name: 'arm-emulator', url: world.emulator.url, probe: `${world.emulator.url}/_emulator/health` },
    { name: 'event-grid-delivery', url: world.delivery.notificationUrl },
    ...world.registries.map((r) => ({ name: `registry ${r.name}`, url: `${r.url}/v2/` })),
    { name: 'scout-acr-server', url: `${server.instance.url}/healthz` },
  ],
};
writeFileSync(files.state, `${JSON.stringify(state, null, 2)}\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`sandbox: ${signal}, stopping\n`);
  await world.close();
  rmSync(files.state, { force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
