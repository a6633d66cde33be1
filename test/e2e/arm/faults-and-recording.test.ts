/** Fault injection (429 + Retry-After, 5xx, dropped connections, seeded random mode), recording, control routes. */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, type RecordedExchange, startArmEmulator } from '../../harness/arm/index.js';
import { CR_API, call, EG_API, paths, pollUntilDone } from './helpers/raw.js';
import { startWebhook } from './helpers/webhook.js';

describe('ARM emulator: faults', () => {
  let arm: ArmEmulator;
  let p: ReturnType<typeof paths>;

  beforeAll(async () => {
    arm = await startArmEmulator({ recordDir: '' });
    arm.state.createRegistry({ resourceGroup: 'rg', name: 'faultregistry' });
    p = paths(arm, 'rg', 'faultregistry');
  });
  afterAll(async () => arm?.close());
  afterEach(() => arm.faults.clear());

  it('throttles with 429, Retry-After and TooManyRequests, for the matching operation only, `times` times', async () => {
    arm.faults.add({ kind: 'throttle', match: { operationId: 'Tokens_List' }, retryAfterSeconds: 7, times: 1 });
    const other = await call(arm, 'GET', `${p.reg}/scopeMaps`, { apiVersion: CR_API });
    expect(other.status).toBe(200);
    const throttled = await call(arm, 'GET', `${p.reg}/tokens`, { apiVersion: CR_API });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect(throttled.headers.get('x-ms-request-id')).toBeTruthy();
    expect((await call(arm, 'GET', `${p.reg}/tokens`, { apiVersion: CR_API })).status).toBe(200);
  });

  it('injects 5xx errors by method and path, and the rule can be removed', async () => {
    const remove = arm.faults.add({
      kind: 'error',
      status: 503,
      match: { method: 'GET', pathIncludes: '/registries/faultregistry' },
    });
    const failed = await call(arm, 'GET', p.reg, { apiVersion: CR_API });
    expect([failed.status, failed.body.error.code]).toEqual([503, 'ServiceUnavailable']);
    remove();
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(200);
  });

  it('drops the connection without a response', async () => {
    arm.faults.add({ kind: 'drop', match: { operationId: 'Registries_Get' }, times: 1 });
    await expect(call(arm, 'GET', p.reg, { apiVersion: CR_API })).rejects.toThrow();
    expect(arm.requests.at(-1)).toMatchObject({
      operationId: 'Registries_Get',
      fault: 'drop',
      response: { statusCode: 0 },
    });
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(200);
  });

  it('adds latency without changing the answer', async () => {
    arm.faults.add({ kind: 'latency', latencyMs: 20, times: 1 });
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(200);
  });

  it('replays the same random fault schedule for the same seed', async () => {
    async function schedule(seed: number): Promise<number[]> {
      const other = await startArmEmulator({ recordDir: '' });
      try {
        other.state.createRegistry({ resourceGroup: 'rg', name: 'faultregistry' });
        other.faults.random({ seed, rate: 0.5, kinds: ['throttle', 'error'] });
        const statuses: number[] = [];
        for (let i = 0; i < 24; i++)
          statuses.push(
            (await call(other, 'GET', paths(other, 'rg', 'faultregistry').reg, { apiVersion: CR_API })).status,
          );
        return statuses;
      } finally {
        await other.close();
      }
    }
    const a = await schedule(42);
    expect(await schedule(42)).toEqual(a);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(a.some((s) => s !== 200)).toBe(true);
    expect(a.every((s) => [200, 429, 500, 503].includes(s))).toBe(true);
    expect(await schedule(7)).not.toEqual(a);
  });

  it('takes fault rules over the control route', async () => {
    const added = await call(arm, 'POST', '/_emulator/faults', { auth: null, body: { kind: 'throttle', times: 1 } });
    expect(added.status).toBe(201);
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(429);
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(200);
    await call(arm, 'POST', '/_emulator/faults', { auth: null, body: { kind: 'error' } });
    expect((await call(arm, 'DELETE', '/_emulator/faults', { auth: null })).status).toBe(204);
    expect((await call(arm, 'GET', p.reg, { apiVersion: CR_API })).status).toBe(200);
  });
});

describe('ARM emulator: recording and control routes', () => {
  let dir: string;
  let arm: ArmEmulator;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arm-rec-'));
    arm = await startArmEmulator({ recordDir: dir });
  });
  afterAll(async () => {
    await arm?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records every ARM exchange with operationId, full URL, headers and parsed bodies, without secrets', async () => {
    const hook = await startWebhook();
    try {
      const created = await call(arm, 'POST', '/_emulator/registries', {
        auth: null,
        body: { resourceGroup: 'rg', name: 'recordedregistry', loginServer: '127.0.0.1:5555' },
      });
      expect(created.status).toBe(201);
      const p = paths(arm, 'rg', 'recordedregistry');
      expect(created.body).toEqual({
        id: p.registryId,
        name: 'recordedregistry',
        resourceGroup: 'rg',
        loginServer: '127.0.0.1:5555',
        location: 'westus',
      });
      await call(arm, 'PUT', p.token('rec-token'), {
        apiVersion: CR_API,
        body: { properties: { scopeMapId: `${p.registryId}/scopeMaps/_repositories_pull` } },
      });
      const gen = await call(arm, 'POST', `${p.reg}/generateCredentials`, {
        apiVersion: CR_API,
        body: { tokenId: p.token('rec-token') },
      });
      const result = (await pollUntilDone(arm, gen.headers.get('location')!)).at(-1)!.body;
      const passwords: string[] = result.passwords.map((pw: { value: string }) => pw.value);
      await call(arm, 'PUT', p.topic('rec-topic'), {
        apiVersion: EG_API,
        body: {
          location: 'westus',
          properties: { source: p.registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
        },
      });
      const sub = await call(arm, 'PUT', p.eventSub('rec-topic', 'rec-sub'), {
        apiVersion: EG_API,
        body: {
          properties: {
            destination: {
              endpointType: 'WebHook',
              properties: { endpointUrl: `${hook.url}/h?code=webhook-secret-123` },
            },
          },
        },
      });
      await pollUntilDone(arm, sub.headers.get('azure-asyncoperation')!);
      await call(arm, 'POST', `${p.eventSub('rec-topic', 'rec-sub')}/getFullUrl`, { apiVersion: EG_API });

      const ops = arm.requests.map((r) => r.operationId);
      expect(ops).toEqual([
        'Tokens_Create',
        'Registries_GenerateCredentials',
        undefined,
        undefined,
        'SystemTopics_CreateOrUpdate',
        'SystemTopicEventSubscriptions_CreateOrUpdate',
        undefined,
        undefined,
        'SystemTopicEventSubscriptions_GetFullUrl',
      ]);
      const tokenCreate = arm.requests[0]!;
      expect(tokenCreate.request.url).toBe(`${arm.url}${p.token('rec-token')}?api-version=${CR_API}`);
      expect(tokenCreate.request.body).toEqual({
        properties: { scopeMapId: `${p.registryId}/scopeMaps/_repositories_pull` },
      });
      expect(tokenCreate.request.headers.authorization).toBe('Bearer (sensitive)');
      expect(tokenCreate.response.statusCode).toBe(201);
      expect(tokenCreate.response.headers['azure-asyncoperation']).toContain('/operationStatuses/');
      expect(tokenCreate.response.headers['content-type']).toContain('application/json');
      expect(tokenCreate.response.body).toMatchObject({
        name: 'rec-token',
        properties: { provisioningState: 'Creating' },
      });

      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      const text = readFileSync(join(dir, files[0]!), 'utf8');
      const lines = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as RecordedExchange);
      expect(lines.map((l) => l.operationId)).toEqual(ops);
      for (const secret of [...passwords, 'webhook-secret-123', 'Bearer test']) expect(text).not.toContain(secret);
      expect(JSON.stringify(arm.requests)).not.toContain('webhook-secret-123');

      const viaControl = await call(arm, 'GET', '/_emulator/requests', { auth: null });
      expect(viaControl.body).toHaveLength(ops.length);
      expect((await call(arm, 'DELETE', '/_emulator/requests', { auth: null })).status).toBe(204);
      expect(arm.requests).toHaveLength(0);
      arm.resetRequests();
    } finally {
      await hook.close();
    }
  });

  it('answers control-route mistakes with 400/404', async () => {
    expect((await call(arm, 'POST', '/_emulator/registries', { auth: null, body: { name: 'x' } })).status).toBe(400);
    expect((await call(arm, 'GET', '/_emulator/nothing', { auth: null })).status).toBe(404);
    expect((await call(arm, 'GET', '/_emulator/health', { auth: null })).body).toEqual({ ok: true });
  });
});
