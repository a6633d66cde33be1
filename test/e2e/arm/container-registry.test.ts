/** Raw ARM traffic for Microsoft.ContainerRegistry: registries, scope maps, tokens, generateCredentials, LRO shapes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { CR_API, call, paths, pollUntilDone } from './helpers/raw.js';

describe('ARM emulator: container registry', () => {
  let arm: ArmEmulator;
  let p: ReturnType<typeof paths>;

  beforeAll(async () => {
    arm = await startArmEmulator({ recordDir: '' });
    arm.state.createRegistry({ resourceGroup: 'rg1', name: 'registryone', loginServer: '127.0.0.1:5001' });
    arm.state.createRegistry({ resourceGroup: 'rg2', name: 'registrytwo' });
    p = paths(arm, 'rg1', 'registryone');
  });
  afterAll(async () => arm?.close());

  it('lists and gets registries with ARM headers', async () => {
    const all = await call(arm, 'GET', `${p.sub}/providers/Microsoft.ContainerRegistry/registries`, {
      apiVersion: CR_API,
    });
    expect(all.status).toBe(200);
    expect(all.body.value.map((r: { name: string }) => r.name).sort()).toEqual(['registryone', 'registrytwo']);
    expect(all.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(all.headers.get('x-ms-correlation-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const byRg = await call(
      arm,
      'GET',
      `${p.sub}/resourceGroups/rg2/providers/Microsoft.ContainerRegistry/registries`,
      {
        apiVersion: CR_API,
      },
    );
    expect(byRg.body.value.map((r: { name: string }) => r.name)).toEqual(['registrytwo']);
    const one = await call(arm, 'GET', p.reg, { apiVersion: CR_API });
    expect(one.body).toMatchObject({
      id: p.registryId,
      type: 'Microsoft.ContainerRegistry/registries',
      properties: { loginServer: '127.0.0.1:5001', provisioningState: 'Succeeded' },
    });
    const defaultLogin = await call(arm, 'GET', paths(arm, 'rg2', 'registrytwo').reg, { apiVersion: CR_API });
    expect(defaultLogin.body.properties.loginServer).toBe('registrytwo.azurecr.io');
  });

  it('answers auth, api-version and not-found errors the way ARM does', async () => {
    const noAuth = await call(arm, 'GET', p.reg, { apiVersion: CR_API, auth: null });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error.code).toBe('AuthenticationFailed');
    expect(noAuth.headers.get('x-ms-request-id')).toBeTruthy();
    expect((await call(arm, 'GET', p.reg)).body.error.code).toBe('MissingApiVersionParameter');
    const badVersion = await call(arm, 'GET', p.reg, { apiVersion: '2019-05-01' });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.code).toBe('NoRegisteredProviderFound');
    expect(badVersion.body.error.message).toContain('2025-11-01');
    const noRg = await call(arm, 'GET', paths(arm, 'nope', 'registryone').reg, { apiVersion: CR_API });
    expect([noRg.status, noRg.body.error.code]).toEqual([404, 'ResourceGroupNotFound']);
    const noReg = await call(arm, 'GET', paths(arm, 'rg1', 'missingreg').reg, { apiVersion: CR_API });
    expect([noReg.status, noReg.body.error.code]).toEqual([404, 'ResourceNotFound']);
    const noParent = await call(arm, 'GET', `${paths(arm, 'rg1', 'missingreg').reg}/tokens`, { apiVersion: CR_API });
    expect([noParent.status, noParent.body.error.code]).toEqual([404, 'ParentResourceNotFound']);
    const noToken = await call(arm, 'GET', p.token('ghost-token'), { apiVersion: CR_API });
    expect([noToken.status, noToken.body.error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('lists the five built-in scope maps and refuses to change them', async () => {
    const list = await call(arm, 'GET', `${p.reg}/scopeMaps`, { apiVersion: CR_API });
    const byName = Object.fromEntries(list.body.value.map((s: { name: string }) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      '_repositories_admin',
      '_repositories_pull',
      '_repositories_pull_metadata_read',
      '_repositories_push',
      '_repositories_push_metadata_write',
    ]);
    expect(byName._repositories_pull_metadata_read.properties).toMatchObject({
      type: 'SystemDefined',
      actions: ['repositories/*/content/read', 'repositories/*/metadata/read'],
    });
    const put = await call(arm, 'PUT', p.scopeMap('_repositories_pull'), {
      apiVersion: CR_API,
      body: { properties: { actions: ['repositories/*/content/write'] } },
    });
    expect([put.status, put.body.error.code]).toEqual([400, 'InvalidRequest']);
    const del = await call(arm, 'DELETE', p.scopeMap('_repositories_pull'), { apiVersion: CR_API });
    expect(del.status).toBe(400);
  });

  it('creates a scope map as 201 + Azure-AsyncOperation, then Succeeded after polling', async () => {
    const put = await call(arm, 'PUT', p.scopeMap('app-readers'), {
      apiVersion: CR_API,
      body: {
        properties: {
          description: 'app',
          actions: ['repositories/app/content/read', 'repositories/app/metadata/read'],
        },
      },
    });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    expect(put.headers.get('retry-after')).toBe('0');
    const statusUrl = put.headers.get('azure-asyncoperation')!;
    expect(statusUrl).toMatch(
      new RegExp(`^${arm.url}/.*/scopeMaps/app-readers/operationStatuses/.+api-version=${CR_API}$`),
    );
    const polls = await pollUntilDone(arm, statusUrl);
    expect(polls.map((r) => r.body.status)).toEqual(['InProgress', 'Succeeded']);
    expect(polls[1]!.body).toMatchObject({
      name: expect.any(String),
      startTime: expect.any(String),
      endTime: expect.any(String),
    });
    const get = await call(arm, 'GET', p.scopeMap('app-readers'), { apiVersion: CR_API });
    expect(get.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      type: 'IsUserDefined',
      description: 'app',
    });
    // Replacing an existing scope map completes synchronously.
    const replace = await call(arm, 'PUT', p.scopeMap('app-readers'), {
      apiVersion: CR_API,
      body: { properties: { actions: ['repositories/app/content/read'] } },
    });
    expect([replace.status, replace.body.properties.provisioningState]).toEqual([200, 'Succeeded']);
    const patch = await call(arm, 'PATCH', p.scopeMap('app-readers'), {
      apiVersion: CR_API,
      body: { properties: { description: 'patched' } },
    });
    expect([patch.status, patch.body.properties.provisioningState]).toEqual([201, 'Updating']);
    await pollUntilDone(arm, patch.headers.get('azure-asyncoperation')!);
    const after = await call(arm, 'GET', p.scopeMap('app-readers'), { apiVersion: CR_API });
    expect(after.body.properties).toMatchObject({ description: 'patched', actions: ['repositories/app/content/read'] });
  });

  it('validates token names and scope map references', async () => {
    const underscore = await call(arm, 'PUT', p.token('bad_name'), {
      apiVersion: CR_API,
      body: { properties: { scopeMapId: `${p.registryId}/scopeMaps/_repositories_pull` } },
    });
    expect(underscore.status).toBe(400);
    const missingMap = await call(arm, 'PUT', p.token('good-name'), {
      apiVersion: CR_API,
      body: { properties: { scopeMapId: `${p.registryId}/scopeMaps/does-not-exist` } },
    });
    expect([missingMap.status, missingMap.body.error.code, missingMap.body.error.target]).toEqual([
      400,
      'InvalidRequest',
      'scopeMapId',
    ]);
    const badStatus = await call(arm, 'PUT', p.token('good-name'), {
      apiVersion: CR_API,
      body: { properties: { scopeMapId: `${p.registryId}/scopeMaps/_repositories_pull`, status: 'Enabled' } },
    });
    expect(badStatus.status).toBe(400);
  });

  it('generates passwords through a Location LRO, never shows them again, and verifies them', async () => {
    const put = await call(arm, 'PUT', p.token('scout-token'), {
      apiVersion: CR_API,
      body: {
        properties: { scopeMapId: `${p.registryId}/scopeMaps/_repositories_pull_metadata_read`, credentials: {} },
      },
    });
    expect(put.status).toBe(201);
    await pollUntilDone(arm, put.headers.get('azure-asyncoperation')!);
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    const gen = await call(arm, 'POST', `${p.reg}/generateCredentials`, {
      apiVersion: CR_API,
      body: { tokenId: p.token('scout-token'), expiry, name: 'password1' },
    });
    expect(gen.status).toBe(202);
    const location = gen.headers.get('location')!;
    const polls = await pollUntilDone(arm, location);
    expect(polls.map((r) => r.status)).toEqual([202, 200]);
    const result = polls[1]!.body;
    expect(result.username).toBe('scout-token');
    expect(result.passwords).toHaveLength(1);
    const value: string = result.passwords[0].value;
    expect(value.length).toBeGreaterThanOrEqual(40);
    // A second read of the result no longer carries the value.
    const again = await call(arm, 'GET', location);
    expect(again.body.passwords[0].value).toBe('(sensitive)');
    const token = await call(arm, 'GET', p.token('scout-token'), { apiVersion: CR_API });
    expect(token.body.properties.credentials.passwords).toEqual([
      { name: 'password1', creationTime: expect.any(String), expiry: expect.any(String) },
    ]);
    expect(JSON.stringify(token.body)).not.toContain(value);
    const ok = arm.state.authenticateToken({
      loginServer: '127.0.0.1:5001',
      tokenName: 'scout-token',
      password: value,
    });
    expect(ok.ok).toBe(true);
    const wrong = arm.state.authenticateToken({
      loginServer: '127.0.0.1:5001',
      tokenName: 'scout-token',
      password: `${value}x`,
    });
    expect(wrong).toEqual({ ok: false, reason: 'wrong-password' });
    const later = arm.state.authenticateToken({
      loginServer: '127.0.0.1:5001',
      tokenName: 'scout-token',
      password: value,
      now: new Date(Date.now() + 7_200_000),
    });
    expect(later).toEqual({ ok: false, reason: 'expired' });
    const check = await call(arm, 'POST', '/_emulator/token-check', {
      auth: null,
      body: { loginServer: '127.0.0.1:5001', tokenName: 'scout-token', password: value },
    });
    expect(check.body).toMatchObject({ ok: true, tokenName: 'scout-token' });
  });

  it('disables a token with PATCH and deletes it with 202 + Location, then 204 when gone', async () => {
    const patch = await call(arm, 'PATCH', p.token('scout-token'), {
      apiVersion: CR_API,
      body: { properties: { status: 'disabled' } },
    });
    expect(patch.status).toBe(201);
    await pollUntilDone(arm, patch.headers.get('azure-asyncoperation')!);
    expect((await call(arm, 'GET', p.token('scout-token'), { apiVersion: CR_API })).body.properties.status).toBe(
      'disabled',
    );
    const del = await call(arm, 'DELETE', p.token('scout-token'), { apiVersion: CR_API });
    expect(del.status).toBe(202);
    const polls = await pollUntilDone(arm, del.headers.get('location')!);
    expect(polls.map((r) => r.status)).toEqual([202, 204]);
    expect((await call(arm, 'GET', p.token('scout-token'), { apiVersion: CR_API })).status).toBe(404);
    expect((await call(arm, 'DELETE', p.token('scout-token'), { apiVersion: CR_API })).status).toBe(204);
  });

  it('answers synchronously when configured to', async () => {
    const sync = await startArmEmulator({ recordDir: '', lro: { synchronous: true } });
    try {
      sync.state.createRegistry({ resourceGroup: 'rg', name: 'syncregistry' });
      const sp = paths(sync, 'rg', 'syncregistry');
      const put = await call(sync, 'PUT', sp.token('sync-token'), {
        apiVersion: CR_API,
        body: { properties: { scopeMapId: `${sp.registryId}/scopeMaps/_repositories_pull` } },
      });
      expect([put.status, put.body.properties.provisioningState, put.headers.get('azure-asyncoperation')]).toEqual([
        200,
        'Succeeded',
        null,
      ]);
      const gen = await call(sync, 'POST', `${sp.reg}/generateCredentials`, {
        apiVersion: CR_API,
        body: { tokenId: sp.token('sync-token') },
      });
      expect(gen.status).toBe(200);
      expect(gen.body.passwords.map((pw: { name: string }) => pw.name)).toEqual(['password1', 'password2']);
      expect((await call(sync, 'DELETE', sp.token('sync-token'), { apiVersion: CR_API })).status).toBe(200);
    } finally {
      await sync.close();
    }
  });
});
