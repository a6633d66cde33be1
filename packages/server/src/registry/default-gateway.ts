import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { RegistryClient } from '@scout-acr/sdk/registry';
import type { RegistryCredentials, RegistryGateway, RegistryGatewayFactory } from './gateway.js';

const MAX_CLIENTS = 64;

/**
 * The production gateway: the SDK's `RegistryClient` (ACR token auth, digest verification, retries on 429/5xx).
 * One client per credential set is kept (LRU), so tokens and TLS connections are reused across jobs.
 */
export function defaultGatewayFactory(options: { timeoutMs?: number } = {}): RegistryGatewayFactory {
  const clients = new Map<string, RegistryClient>();
  return (credentials: RegistryCredentials): RegistryGateway => {
    const key = createHash('sha256')
      .update(`${credentials.loginServer}\0${credentials.tokenName}\0${credentials.password.reveal()}`)
      .digest('hex');
    let client = clients.get(key);
    if (client) clients.delete(key);
    else {
      client = new RegistryClient({
        loginServer: credentials.loginServer,
        credentials: { username: credentials.tokenName, password: credentials.password },
        timeoutMs: options.timeoutMs ?? 30_000,
        userAgent: 'scout-acr-server',
      });
      if (clients.size >= MAX_CLIENTS) {
        const [oldestKey, oldest] = clients.entries().next().value as [string, RegistryClient];
        clients.delete(oldestKey);
        void oldest.close().catch(() => {});
      }
    }
    clients.set(key, client);
    return registryClientGateway(client);
  };
}

/** Adapts a RegistryClient to the server's RegistryGateway port. */
export function registryClientGateway(client: RegistryClient): RegistryGateway & { client: RegistryClient } {
  return {
    client,
    async checkAccess() {
      await client.ping();
      for await (const _ of client.catalog({ pageSize: 1 })) break;
    },
    async catalog() {
      const names: string[] = [];
      for await (const name of client.catalog({ pageSize: 1000 })) names.push(name);
      return names;
    },
    async newestTag(repository) {
      return (await client.newestTag(repository))?.name;
    },
    async manifest(repository, reference) {
      const m = await client.getManifest(repository, reference);
      const body = (m.kind === 'index' ? m.index : m.manifest) as unknown as Record<string, unknown>;
      return { digest: m.digest, mediaType: m.mediaType, body };
    },
    async blobJson(repository, digest) {
      return (await client.getConfig(repository, { digest })) as Record<string, unknown>;
    },
    async blobStream(repository: string, digest: string, size?: number): Promise<Readable> {
      return (await client.getBlob(repository, digest, size === undefined ? {} : { size })) as unknown as Readable;
    },
  };
}
