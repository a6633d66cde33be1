import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/tls/index.js';

const run = promisify(execFile);

/** `pnpm sandbox …` in its own directory, so a developer's running sandbox is never touched. */
async function sandbox(dir: string, ...args: string[]) {
  return run('pnpm', ['--silent', 'sandbox', ...args], {
    cwd: repoRoot,
    env: { ...process.env, SCOUT_ACR_SANDBOX_DIR: dir },
    timeout: 120_000,
  });
}

function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line);
    if (match) vars[match[1] as string] = (match[2] as string).replaceAll(`'\\''`, "'");
  }
  return vars;
}

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('pnpm sandbox and the README demo', () => {
  let dir: string;
  let env: Record<string, string>;
  let urls: string[] = [];
  let pid = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scout-acr-sandbox-test-'));
    const up = await sandbox(dir, 'up');
    expect(up.stdout).toContain('sandbox up');
    env = parseEnvFile(await readFile(join(dir, 'env'), 'utf8'));
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
      pid: number;
      components: Array<{ url: string }>;
    };
    pid = state.pid;
    urls = state.components.map((c) => c.url);
  });

  afterAll(async () => {
    await sandbox(dir, 'down').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an env file with everything the SDK, the CLI, curl and skopeo need', () => {
    for (const name of [
      'SCOUT_ACR_ARM_ENDPOINT',
      'AZURE_SUBSCRIPTION_ID',
      'SCOUT_ACR_SANDBOX_RESOURCE_GROUP',
      'SCOUT_ACR_SANDBOX_REGISTRIES',
      'NODE_EXTRA_CA_CERTS',
      'SCOUT_ACR_SANDBOX_CA',
      'SCOUT_ACR_SANDBOX_CERT_DIR',
      'SCOUT_ACR_SANDBOX_PUSH_CREDS',
      'SCOUT_ACR_SERVER',
      'SCOUT_ACR_API_KEY',
    ]) {
      expect(env[name], name).toBeTruthy();
    }
    expect(env.SCOUT_ACR_SANDBOX_REGISTRIES).toBe('contoso,fabrikam');
  });

  it('status reports every component up', async () => {
    const { stdout } = await sandbox(dir, 'status');
    expect(stdout).toContain('sandbox: running');
    expect(stdout).not.toContain('DOWN');
    expect(stdout.match(/^ {2}up /gm)?.length).toBe(5);
  });

  it('the demo provisions by hand and as code, records pushed images — twice, idempotently', async () => {
    const integrationIds: string[] = [];
    for (let round = 0; round < 2; round++) {
      const { stdout, stderr } = await run('pnpm', ['--silent', 'demo'], {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        timeout: 120_000,
      });
      const connected = /integration (int_\w+): CONNECTED/.exec(stdout);
      expect(connected).not.toBeNull();
      integrationIds.push(connected?.[1] as string);
      expect(stdout).toContain('subscription image-change: Succeeded');
      expect(stdout).toMatch(
        /pulled app\/web:1\.\d \(sha256:[0-9a-f]{12}…, linux\/amd64\): 1 layer\(s\), \d+ bytes verified/,
      );
      expect(stdout).toMatch(/app\/web:1\.0 recorded: sha256:/);
      expect(stdout).toMatch(/app\/web:1\.1 recorded: sha256:/);
      // Part 2: the same, as code, through the built scout-acr CLI.
      expect(stdout).toMatch(round === 0 ? /Plan: 6 to add, 0 to change, 0 to destroy\./ : /No changes\./);
      expect(stdout).toContain('Apply complete!');
      expect(stdout).toMatch(/nothing left to do[^\n]*\n\s+No changes\./);
      const output = stdout + stderr;
      expect(output).not.toContain(env.SCOUT_ACR_API_KEY);
      expect(output).not.toContain((env.SCOUT_ACR_SANDBOX_PUSH_CREDS as string).split(':')[1]);
    }
    expect(integrationIds[1]).toBe(integrationIds[0]);
  });

  it('down stops every process and frees every port', async () => {
    await sandbox(dir, 'down');
    expect(() => process.kill(pid, 0)).toThrow();
    for (const url of urls) expect(await portOpen(url), url).toBe(false);
    await expect(sandbox(dir, 'status')).rejects.toMatchObject({ code: 3 });
  });
});
