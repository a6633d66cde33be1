import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess } from './server-process.js';

describe('scout-acr-server CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'scout-acr-cli-'));
  const dataDir = join(root, 'fresh', 'data'); // does not exist yet: the first start creates it
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keys create prints the key once; list never shows it; revoke makes it useless', async () => {
    const created = await runCli(['keys', 'create', '--org', 'acme', '--role', 'admin', '--data', dataDir]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sacr_[0-9a-f]{12}_[\w-]{43}$/);
    expect(created.stderr).not.toContain(key);
    expect(statSync(dataDir).mode & 0o077).toBe(0);

    const listed = await runCli(['keys', 'list', '--json'], { SCOUT_ACR_DATA: dataDir });
    const keys = JSON.parse(listed.stdout) as Array<{
      id: string;
      org: string;
      role: string;
      revokedAt: string | null;
    }>;
    expect(keys).toEqual([expect.objectContaining({ org: 'acme', role: 'admin', revokedAt: null })]);
    expect(listed.stdout).not.toContain(key.slice(18));

    const server = await startServerProcess(['--port', '0'], {
      SCOUT_ACR_DATA: dataDir,
      SCOUT_ACR_PUBLIC_URL: 'https://scout.example.test',
    });
    try {
      expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);
      const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(await me.json()).toMatchObject({ organization: 'acme', role: 'admin' });
      const integration = await fetch(`${server.url}/v1/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ loginServer: '127.0.0.1:9', tokenName: 'tok-en', password: 'cli-test-password' }),
      });
      const body = (await integration.json()) as { webhookUrl: string; status: string };
      expect(body.webhookUrl.startsWith('https://scout.example.test/v1/webhooks/eventgrid/')).toBe(true);
      expect(body.status).toBe('FAILED');

      const revoked = await runCli(['keys', 'revoke', keys[0]?.id as string, '--data', dataDir]);
      expect(revoked.code).toBe(0);
      expect((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const output = server.output();
      for (const secret of [
        key.slice(18),
        'cli-test-password',
        new URL(body.webhookUrl).searchParams.get('code') as string,
      ]) {
        expect(output).not.toContain(secret);
      }
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('fails clearly on bad input', async () => {
    const bad = await runCli(['keys', 'create', '--org', 'x', '--role', 'owner', '--data', dataDir]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/role must be viewer or admin/);
    const badPort = await runCli(['serve', '--port', 'abc', '--data', dataDir]);
    expect(badPort.code).toBe(64);
    expect(badPort.stderr).toMatch(/--port/);
    const unknownOption = await runCli(['serve', '--prot', '8080', '--data', dataDir]);
    expect(unknownOption.code).toBe(64);
    expect(unknownOption.stderr).toMatch(/unknown option '--prot'/);
    const missingSource = await runCli(['db', 'import', join(dataDir, 'no-such-dir'), '--data', dataDir]);
    expect(missingSource.code).toBe(66);
    expect(missingSource.stderr).toMatch(/no-such-dir/);
    const notOsv = join(dataDir, 'not-osv.txt');
    writeFileSync(notOsv, 'hello');
    const badSource = await runCli(['db', 'import', notOsv, '--data', dataDir]);
    expect(badSource.code).toBe(65);
    const taken = await startServerProcess(['--port', '0', '--host', '127.0.0.1', '--data', join(root, 'taken')]);
    try {
      const inUse = await runCli(['serve', '--host', '127.0.0.1', '--port', String(taken.port), '--data', dataDir]);
      expect(inUse.code).toBe(69);
      expect(inUse.stderr).toMatch(/EADDRINUSE/);
    } finally {
      taken.child.kill('SIGKILL');
    }
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/64 {2}usage error/);
  });
});
