/**
 * Control routes under `/_emulator/` for out-of-process users (sandbox, CLI tests, benchmarks). They bypass
 * auth, faults, latency and recording.
 */
import { ArmError } from '../errors/arm-error.js';
import type { Faults } from '../faults/injector.js';
import type { Recorder } from '../recording/recorder.js';
import { eventSubscriptionsForRegistry } from '../state/event-subscriptions.js';
import { createRegistry } from '../state/registries.js';
import { authenticateToken } from '../state/tokens.js';
import type { FaultRule, RegistryRecord } from '../types.js';
import type { EmulatorEnv, HttpResult } from './context.js';

export interface ControlDeps {
  env: EmulatorEnv;
  faults: Faults;
  recorder: Recorder;
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function requireString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.length === 0) throw new TypeError(`'${name}' must be a non-empty string`);
  return v;
}

const removers = new WeakMap<Faults, Map<number, () => void>>();
let nextFaultId = 1;

export async function handleControl(method: string, url: URL, body: unknown, deps: ControlDeps): Promise<HttpResult> {
  const path = url.pathname.replace(/\/+$/, '');
  const { env, faults, recorder } = deps;
  try {
    if (path === '/_emulator/health' && method === 'GET') return { status: 200, body: { ok: true } };
    if (path === '/_emulator/requests') {
      if (method === 'GET') return { status: 200, body: recorder.requests };
      if (method === 'DELETE') {
        recorder.reset();
        return { status: 204 };
      }
    }
    if (path === '/_emulator/faults') {
      if (method === 'POST') {
        const b = asObject(body);
        if (typeof b.random === 'object' && b.random !== null) {
          const r = b.random as { seed: number; rate: number; kinds?: Array<'throttle' | 'error' | 'drop'> };
          faults.random(r);
          return { status: 201, body: { random: true } };
        }
        const remove = faults.add(b as unknown as FaultRule);
        const id = nextFaultId++;
        if (!removers.has(faults)) removers.set(faults, new Map());
        removers.get(faults)!.set(id, remove);
        return { status: 201, body: { id } };
      }
      if (method === 'DELETE') {
        faults.clear();
        return { status: 204 };
      }
    }
    const faultId = /^\/_emulator\/faults\/(\d+)$/.exec(path);
    if (faultId && method === 'DELETE') {
      removers.get(faults)?.get(Number(faultId[1]))?.();
      return { status: 204 };
    }
    if (path === '/_emulator/registries' && method === 'POST') {
      const b = asObject(body);
      const input: { resourceGroup: string; name: string; loginServer?: string; location?: string } = {
        resourceGroup: requireString(b, 'resourceGroup'),
        name: requireString(b, 'name'),
      };
      if (typeof b.loginServer === 'string') input.loginServer = b.loginServer;
      if (typeof b.location === 'string') input.location = b.location;
      const row = createRegistry(env.model, input);
      const record: RegistryRecord = {
        id: row.id,
        name: row.name,
        resourceGroup: row.resourceGroup,
        loginServer: row.loginServer,
        location: row.location,
      };
      return { status: 201, body: record };
    }
    if (path === '/_emulator/token-check' && method === 'POST') {
      const b = asObject(body);
      const input = {
        loginServer: requireString(b, 'loginServer'),
        tokenName: requireString(b, 'tokenName'),
        password: requireString(b, 'password'),
        ...(typeof b.now === 'string' ? { now: new Date(b.now) } : {}),
      };
      return { status: 200, body: authenticateToken(env.model, input) };
    }
    if (path === '/_emulator/event-subscriptions' && method === 'GET') {
      const registryId = url.searchParams.get('registryId');
      if (!registryId) throw new TypeError("query parameter 'registryId' is required");
      return { status: 200, body: eventSubscriptionsForRegistry(env.model, registryId) };
    }
    if (path === '/_emulator/eventgrid/validate' && method === 'GET') {
      const ok = env.manual.confirm(url.searchParams.get('id') ?? '', url.searchParams.get('t') ?? '');
      return ok
        ? { status: 200, body: 'Webhook successfully validated as a part of the manual validation handshake.' }
        : { status: 404, body: { error: { code: 'NotFound', message: 'Unknown or expired validation request.' } } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `No control route ${method} ${path}.` } } };
  } catch (error) {
    if (error instanceof ArmError) return { status: error.status, body: error.toBody() };
    const status = error instanceof TypeError ? 400 : 500;
    return {
      status,
      body: { error: { code: 'BadRequest', message: error instanceof Error ? error.message : String(error) } },
    };
  }
}
