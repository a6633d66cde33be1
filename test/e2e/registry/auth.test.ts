import { inspect } from 'node:util';
import { RegistryClient, RegistryDeniedError, RegistryUnauthorizedError, Secret } from '@scout-acr/sdk/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world.js';

const tiny = { image: { layers: [{ files: { 'etc/os-release': 'ID=alpine\n' } }] } };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function expectSecretFree(error: Error, secret: string): void {
  for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 6 }), String(error.stack)]) {
    expect(text).not.toContain(secret);
  }
}

const first = async <T>(iterable: AsyncIterable<T>): Promise<T | undefined> => {
  for await (const item of iterable) return item;
  return undefined;
};

describe('registry auth through ACR token flow (real registry, emulator-issued tokens)', () => {
  let world: World;
  let reader: { username: string; password: string };
  beforeAll(async () => {
    world = await startWorld();
    await world.push('app:1.0', tiny);
    await world.push('other:1.0', tiny);
    reader = await world.createToken('scout-reader', { scopeMap: '_repositories_pull_metadata_read' });
  });
  afterAll(async () => {
    await world?.close();
  });

  const client = (credentials?: { username: string; password: string }) =>
    new RegistryClient({
      loginServer: world.registry.loginServer,
      ...(credentials
        ? { credentials: { username: credentials.username, password: new Secret(credentials.password) } }
        : {}),
    });

  it("answers /v2/ with ACR's Bearer challenge", async () => {
    const response = await fetch(`${world.registry.url}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="https://${world.registry.loginServer}/oauth2/token",service="${world.registry.loginServer}"`,
    );
  });

  it('refuses anonymous access', async () => {
    const error = await failure(client().ping());
    expect(error).toBeInstanceOf(RegistryUnauthorizedError);
  });

  it('reads catalog, tags, manifests and blobs with a Bearer token from /oauth2/token', async () => {
    const registry = client(reader);
    await registry.ping();
    const repositories: string[] = [];
    for await (const name of registry.catalog()) repositories.push(name);
    expect(repositories).toEqual(['app', 'other']);
    expect(await first(registry.tags('app'))).toBe('1.0');
    const image = await registry.getImage('app', '1.0');
    expect(image.config.rootfs?.diff_ids).toHaveLength(1);
  });

  it('accepts Basic credentials from a registry that challenges for them', async () => {
    const basicWorld = await startWorld({ challenge: 'basic' });
    try {
      await basicWorld.push('app:1.0', tiny);
      const token = await basicWorld.createToken('basic-reader', { scopeMap: '_repositories_pull_metadata_read' });
      const registry = new RegistryClient({
        loginServer: basicWorld.registry.loginServer,
        credentials: { username: token.username, password: new Secret(token.password) },
      });
      const image = await registry.getImage('app', '1.0');
      expect(image.platform).toMatchObject({ os: 'linux', architecture: 'amd64' });
      const wrong = new RegistryClient({
        loginServer: basicWorld.registry.loginServer,
        credentials: { username: token.username, password: 'not-the-password' },
      });
      expect(await failure(wrong.getImage('app', '1.0'))).toBeInstanceOf(RegistryUnauthorizedError);
    } finally {
      await basicWorld.close();
    }
  });

  it('denies the catalog to a token whose scope map lists single repositories, naming the scope', async () => {
    const limited = await world.createToken('app-only', {
      actions: ['repositories/app/content/read', 'repositories/app/metadata/read'],
    });
    const registry = client(limited);
    const error = await failure(first(registry.catalog()));
    expect(error).toBeInstanceOf(RegistryDeniedError);
    expect((error as RegistryDeniedError).scope).toBe('registry:catalog:*');
    expectSecretFree(error, limited.password);
    // …while its own repository stays readable and another repository is denied.
    expect((await registry.getImage('app', '1.0')).digest).toMatch(/^sha256:/);
    const other = await failure(registry.getManifest('other', '1.0'));
    expect(other).toBeInstanceOf(RegistryDeniedError);
    expect((other as RegistryDeniedError).scope).toBe('repository:other:pull');
  });

  it('denies listing tags to a token without metadata/read', async () => {
    const pullOnly = await world.createToken('pull-only', { actions: ['repositories/app/content/read'] });
    const registry = client(pullOnly);
    expect((await registry.getManifest('app', '1.0')).kind).toBe('image');
    const error = await failure(first(registry.tags('app')));
    expect(error).toBeInstanceOf(RegistryDeniedError);
  });

  it('refuses a wrong password and a disabled token as Unauthorized, without leaking secrets', async () => {
    const wrong = await failure(client({ username: reader.username, password: 'wrong-password-0000' }).ping());
    expect(wrong).toBeInstanceOf(RegistryUnauthorizedError);
    expect(wrong.message).toContain('Invalid username or password');
    expectSecretFree(wrong, 'wrong-password-0000');

    const soon = await world.createToken('to-disable', { scopeMap: '_repositories_pull_metadata_read' });
    await client(soon).ping();
    await world.setTokenStatus('to-disable', 'disabled');
    const disabled = await failure(client(soon).ping());
    expect(disabled).toBeInstanceOf(RegistryUnauthorizedError);
    expect(disabled.message).toContain('disabled');
    expectSecretFree(disabled, soon.password);
  });

  it('refuses an expired password', async () => {
    const expiring = await world.createToken(
      'expiring',
      { scopeMap: '_repositories_pull_metadata_read' },
      {
        expiry: new Date(Date.now() + 3600_000),
      },
    );
    await client(expiring).ping();
    world.advanceClock(2 * 3600_000);
    try {
      const error = await failure(client(expiring).ping());
      expect(error).toBeInstanceOf(RegistryUnauthorizedError);
      expect(error.message).toContain('expired');
      expectSecretFree(error, expiring.password);
    } finally {
      world.advanceClock(-2 * 3600_000);
    }
  });
});
