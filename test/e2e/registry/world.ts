/**
 * The registry e2e world: an ARM emulator, a registry with ACR's auth registered in it, and registry tokens
 * created the way a user (or the reconciler) creates them — raw ARM calls: scope map PUT, token PUT,
 * generateCredentials — with long-running operations polled as Azure's LRO protocol says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import { type BuiltLayout, buildOciLayout, type ImageSpec, pushImage } from '../../harness/images/index.js';
import { type StartRegistryOptions, startRegistry, type TestRegistry } from '../../harness/registry/index.js';

const CR_API = 'api-version=2025-11-01';

export interface World {
  emulator: ArmEmulator;
  registry: TestRegistry;
  resourceGroup: string;
  /** Moves the registry's clock (password expiry, token lifetime) without waiting. */
  advanceClock(ms: number): void;
  /** Creates a scope map with `actions` (or uses a built-in one by name) and a token with a fresh password1. */
  createToken(
    name: string,
    scope: { actions: string[] } | { scopeMap: string },
    options?: { expiry?: Date },
  ): Promise<{ username: string; password: string }>;
  /** PATCHes a token's status. */
  setTokenStatus(name: string, status: 'enabled' | 'disabled'): Promise<void>;
  /** Builds an OCI layout in a temp dir and pushes it with skopeo to `ref`. */
  push(ref: string, spec: { image: ImageSpec } | { index: ImageSpec[] }, format?: 'oci' | 'v2s2'): Promise<BuiltLayout>;
  close(): Promise<void>;
}

export async function startWorld(
  registryOptions: Partial<Omit<StartRegistryOptions, 'emulator' | 'resourceGroup' | 'name' | 'now'>> = {},
): Promise<World> {
  const emulator = await startArmEmulator({ lro: { pollsBeforeDone: 1, retryAfterSeconds: 0 } });
  let offsetMs = 0;
  const resourceGroup = 'rg-registry-e2e';
  const name = `scoutacr${Math.floor(Math.random() * 1e6)}`;
  const temp = await mkdtemp(join(tmpdir(), 'scout-acr-e2e-registry-'));
  let registry: TestRegistry;
  try {
    registry = await startRegistry({
      ...registryOptions,
      emulator,
      resourceGroup,
      name,
      now: () => new Date(Date.now() + offsetMs),
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const base = `${emulator.url}/subscriptions/${emulator.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  const arm = (method: string, path: string, body?: unknown) => armCall(method, `${base}${path}?${CR_API}`, body);
  let layouts = 0;

  return {
    emulator,
    registry,
    resourceGroup,
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    async createToken(tokenName, scope, options = {}) {
      let scopeMapId = `${registry.registryId}/scopeMaps/${'scopeMap' in scope ? scope.scopeMap : `${tokenName}-map`}`;
      if ('actions' in scope) {
        const created = (await arm('PUT', `/scopeMaps/${tokenName}-map`, {
          properties: { actions: scope.actions },
        })) as {
          id: string;
        };
        scopeMapId = created.id;
      }
      await arm('PUT', `/tokens/${tokenName}`, { properties: { scopeMapId, status: 'enabled' } });
      const expiry = options.expiry ?? new Date(Date.now() + 30 * 24 * 3600 * 1000);
      const credentials = (await arm('POST', '/generateCredentials', {
        tokenId: `${registry.registryId}/tokens/${tokenName}`,
        name: 'password1',
        expiry: expiry.toISOString(),
      })) as { username: string; passwords: Array<{ name: string; value: string }> };
      const password = credentials.passwords.find((p) => p.name === 'password1')?.value;
      if (!password) throw new Error('generateCredentials returned no password1');
      return { username: credentials.username ?? tokenName, password };
    },
    async setTokenStatus(tokenName, status) {
      await arm('PATCH', `/tokens/${tokenName}`, { properties: { status } });
    },
    async push(ref, spec, format) {
      const dir = join(temp, `layout-${layouts++}`);
      const layout = await buildOciLayout({ dir, ...spec });
      await pushImage({ layoutDir: dir, ref, registry, ...(format ? { format } : {}) });
      return layout;
    },
    async close() {
      await registry.close();
      await emulator.close();
      await rm(temp, { recursive: true, force: true });
    },
  };
}

/** One ARM call with the LRO protocol: polls `Azure-AsyncOperation`/`Location` until the operation ends. */
async function armCall(method: string, url: string, body?: unknown): Promise<unknown> {
  const headers = { authorization: 'Bearer e2e-test', 'content-type': 'application/json' };
  let response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  let payload = await readJson(response);
  if (response.status >= 400) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(payload)}`);
  const asyncOperation = response.headers.get('azure-asyncoperation');
  const location = response.headers.get('location');
  if (asyncOperation) {
    for (let i = 0; i < 50; i++) {
      const status = (await readJson(await fetch(asyncOperation, { headers }))) as { status?: string };
      if (status.status === 'Succeeded') break;
      if (status.status === 'Failed' || status.status === 'Canceled')
        throw new Error(`${method} ${url}: ${JSON.stringify(status)}`);
    }
    response = await fetch(url, { headers });
    payload = await readJson(response);
  } else if (location && response.status === 202) {
    for (let i = 0; i < 50; i++) {
      response = await fetch(location, { headers });
      if (response.status !== 202) break;
      await response.arrayBuffer();
    }
    payload = await readJson(response);
    if (response.status >= 400) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(payload)}`);
  }
  return payload;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}
