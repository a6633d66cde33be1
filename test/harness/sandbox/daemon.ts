/**
 * The sandbox's background process (started by `pnpm sandbox up`): starts the test world, writes `.sandbox/env`
 * and `.sandbox/state.json`, and tears everything down on SIGTERM/SIGINT.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_REGISTRIES, DEFAULT_RESOURCE_GROUP, startWorld } from '../world.js';
import { renderEnvFile } from './env-file.js';
import { sandboxDir, sandboxFiles } from './paths.js';
import type { SandboxState } from './process.js';

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
const world = await startWorld({
  registries: registryNames(values.registries),
  resourceGroup: values['resource-group'] ?? DEFAULT_RESOURCE_GROUP,
  server: { dataDir: files.data },
});
const env = world.env();
writeFileSync(files.env, renderEnvFile(env), { mode: 0o600 });
chmodSync(files.env, 0o600);
const state: SandboxState = {
  pid: process.pid,
  startedAt: new Date().toISOString(),
  ready: true,
  caPath: world.emulator.ca.certPath,
  components: [
    // Probed on its control route: a bare GET / would be ARM traffic, recorded and checked against the swaggers.
    { name: 'arm-emulator', url: world.emulator.url, probe: `${world.emulator.url}/_emulator/health` },
    { name: 'event-grid-delivery', url: world.delivery.notificationUrl },
    ...world.registries.map((r) => ({ name: `registry ${r.name}`, url: `${r.url}/v2/` })),
    ...(world.server ? [{ name: 'scout-acr-server', url: `${world.server.instance.url}/healthz` }] : []),
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
