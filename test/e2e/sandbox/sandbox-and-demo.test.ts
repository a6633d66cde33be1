import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScoutClient } from '@scout-acr/sdk/client';
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

/** The demo's output under one step heading (`▶ title`), up to the next heading. */
function section(stdout: string, title: string): string {
  const start = stdout.indexOf(`▶ ${title}`);
  expect(start, title).toBeGreaterThan(-1);
  const end = stdout.indexOf('▶ ', start + 2);
  return stdout.slice(start, end === -1 ? undefined : end);
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

  const admin = () =>
    new ScoutClient({ baseUrl: env.SCOUT_ACR_SERVER as string, apiKey: env.SCOUT_ACR_API_KEY as string });

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
      'SCOUT_ACR_SANDBOX_VIEWER_KEY',
    ]) {
      expect(env[name], name).toBeTruthy();
    }
    expect(env.SCOUT_ACR_SANDBOX_REGISTRIES).toBe('contoso,fabrikam');
  });

  it('status reports every component up and the demo vulnerability data loaded', async () => {
    const { stdout } = await sandbox(dir, 'status');
    expect(stdout).toContain('sandbox: running');
    expect(stdout).not.toContain('DOWN');
    expect(stdout.match(/^ {2}up /gm)?.length).toBe(5);
    // The three records of examples/demo/osv, imported by `up` with `scout-acr-server db import`.
    expect(stdout).toMatch(
      /^ {2}vulnerability database: loaded, 3 records \(npm 1, PyPI 1, Ubuntu 1\), imported \S+$/m,
    );
  });

  it('mints a read-only viewer key for the dashboard', async () => {
    const viewer = new ScoutClient({
      baseUrl: env.SCOUT_ACR_SERVER as string,
      apiKey: env.SCOUT_ACR_SANDBOX_VIEWER_KEY as string,
    });
    expect((await viewer.vulndb.status()).records).toBe(3);
    // An admin-only call is refused before anything is read or tested.
    await expect(
      viewer.integrations.create({ loginServer: 'example.azurecr.io', tokenName: 'reader', password: 'not-used' }),
    ).rejects.toMatchObject({ status: 403 });
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
        /pulled app\/web:1\.\d \(sha256:[0-9a-f]{12}…, linux\/amd64\): 2 layer\(s\), \d+ bytes verified/,
      );
      expect(stdout).toMatch(/app\/web:1\.0 recorded: sha256:/);
      expect(stdout).toMatch(/app\/web:1\.1 recorded: sha256:/);
      // Part 2: the same, as code, through the built scout-acr CLI.
      expect(stdout).toMatch(round === 0 ? /Plan: 6 to add, 0 to change, 0 to destroy\./ : /No changes\./);
      expect(stdout).toContain('Apply complete!');
      expect(stdout).toMatch(/nothing left to do[^\n]*\n\s+No changes\./);
      // Part 3: the real OSV records of examples/demo/osv, and what the built CLI says about the image.
      expect(stdout).toMatch(/CVE-2024-0553 +Ubuntu +gnutls28/);
      expect(stdout).toMatch(/GHSA-35jh-r3h4-6jhm +npm +lodash, lodash-es +aliases CVE-2021-23337/);
      expect(stdout).toMatch(/PYSEC-2023-74 +PyPI +requests +aliases CVE-2023-32681, GHSA-j8r2-6x86-q33q/);
      expect(stdout).toMatch(/app\/web:1\.1: analyzed and matched — 3 package\(s\), vulnerabilities 0C 2H 0M 0L 1U/);
      const loginServer = (env.SCOUT_ACR_SANDBOX_LOGIN_SERVERS as string).split(',')[0] as string;
      const quickview = section(stdout, `scout-acr quickview ${loginServer}/app/web:1.1`);
      expect(quickview).toMatch(/^ {4}Image: +\S+\/app\/web:1\.1$/m);
      expect(quickview).toMatch(/^ {4}Vulnerabilities: +0C 2H 0M 0L 1U$/m);
      expect(quickview).toMatch(/^ {4}Packages: +3$/m);
      expect(quickview).toMatch(/Base image \(shares its first 1 of 2 layers\)\n {4}Image: +\S+\/app\/base:22\.04\n/);
      const cves = section(stdout, `scout-acr cves ${loginServer}/app/web:1.1`);
      expect(cves).toContain('3 vulnerabilities (0C 2H 0M 0L 1U) in 3 packages');
      expect(cves).toMatch(
        /libgnutls30 3\.7\.3-4ubuntu1\.3 +deb[^\n]*\n[^\n]*\n +CVE-2024-0553 +HIGH +7\.5 +<3\.7\.3-4ubuntu1\.4 +fixed in 3\.7\.3-4ubuntu1\.4 /,
      );
      expect(cves).toMatch(
        /lodash 4\.17\.15 +npm[^\n]*\n[^\n]*\n +CVE-2021-23337 +HIGH +7\.2 +<4\.17\.21 +fixed in 4\.17\.21 /,
      );
      expect(cves).toMatch(
        /requests 2\.30\.0 +pypi[^\n]*\n[^\n]*\n +CVE-2023-32681 +UNSPECIFIED +- +>=2\.3\.0, <2\.31\.0 +fixed in 2\.31\.0 /,
      );
      // The end: where the dashboard is and the read-only key to sign in with.
      expect(stdout).toContain(`Dashboard: ${env.SCOUT_ACR_SERVER}/\n`);
      expect(stdout).toContain(
        `Sign in with the sandbox's read-only viewer key: ${env.SCOUT_ACR_SANDBOX_VIEWER_KEY}\n`,
      );
      // Secrets: the printed viewer key is the only key; no admin key, push password, token password or webhook secret.
      const output = stdout + stderr;
      expect(output).not.toContain(env.SCOUT_ACR_API_KEY);
      expect(output).not.toContain((env.SCOUT_ACR_SANDBOX_PUSH_CREDS as string).split(':')[1]);
      expect(output).toContain('value: (sensitive) (handed straight to the server)');
      for await (const integration of admin().integrations.list()) {
        const secret = new URL(integration.webhookUrl as string).searchParams.get('code') as string;
        expect(secret.length).toBeGreaterThan(16);
        expect(output).not.toContain(secret);
      }
    }
    expect(integrationIds[1]).toBe(integrationIds[0]);
    // Two full demo runs (each analyses and matches images) on a shared machine: more than the suite's default.
  }, 300_000);

  it('down stops every process and frees every port', async () => {
    await sandbox(dir, 'down');
    expect(() => process.kill(pid, 0)).toThrow();
    for (const url of urls) expect(await portOpen(url), url).toBe(false);
    await expect(sandbox(dir, 'status')).rejects.toMatchObject({ code: 3 });
  });
});
