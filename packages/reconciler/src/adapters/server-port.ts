import type { Secret } from '@scout-acr/sdk';
import type { Integration, ScoutClient } from '@scout-acr/sdk/client';
import { mapWithConcurrency } from '../apply/concurrency.js';
import type { LeasePort, ServerIntegration, ServerPort } from '../apply/ports.js';
import type { Inventory } from '../state/types.js';

const toServerIntegration = (i: Integration): ServerIntegration => ({
  id: i.id,
  loginServer: i.loginServer,
  tokenName: i.tokenName,
  status: i.status,
  statusReason: i.statusReason ?? undefined,
  webhookBaseUrl: i.webhookBaseUrl ?? '',
  webhookFingerprint: i.webhookFingerprint ?? '',
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * The reconciler's server side over ScoutClient. Observation is one integration list for the organization plus
 * one repository list per managed registry: the minimum the server API allows.
 */
export class SdkServerPort implements ServerPort {
  constructor(
    private readonly client: ScoutClient,
    private readonly options: { concurrency?: number | undefined } = {},
  ) {}

  async listInventories(): Promise<Inventory[]> {
    const stored = await collect(this.client.reconciler.listInventories({ pageSize: 500 }));
    return stored.map((s) => s.inventory as Inventory);
  }

  async putInventory(inventory: Inventory): Promise<void> {
    // Drop undefined fields: the server's schema is strict and JSON has no undefined.
    await this.client.reconciler.putInventory(JSON.parse(JSON.stringify(inventory)));
  }

  async deleteInventory(address: string): Promise<void> {
    await this.client.reconciler.deleteInventory(address);
  }

  async observeIntegrations(loginServers: string[]) {
    const wanted = new Set(loginServers.map((s) => s.toLowerCase()));
    const integrations = (await collect(this.client.integrations.list({ pageSize: 500 }))).filter((i) =>
      wanted.has(i.loginServer.toLowerCase()),
    );
    const withRepositories = await mapWithConcurrency(
      integrations,
      this.options.concurrency ?? 8,
      async (integration) => {
        const repositories = await collect(this.client.repositories.list(integration.id, { pageSize: 500 }));
        return {
          ...toServerIntegration(integration),
          repositories: repositories
            .filter((r) => r.inCatalog || r.active)
            .map((r) => ({ name: r.name, active: r.active })),
        };
      },
    );
    return new Map(withRepositories.map((i) => [i.loginServer, i]));
  }

  async createIntegration(input: {
    loginServer: string;
    tokenName: string;
    password: Secret;
  }): Promise<ServerIntegration> {
    const created = await this.client.integrations.create({
      loginServer: input.loginServer,
      tokenName: input.tokenName,
      password: input.password.reveal(),
    });
    return toServerIntegration(created);
  }

  async updateIntegration(
    id: string,
    input: { loginServer?: string; tokenName?: string; password?: Secret },
  ): Promise<ServerIntegration> {
    const updated = await this.client.integrations.update(id, {
      loginServer: input.loginServer,
      tokenName: input.tokenName,
      password: input.password?.reveal(),
    });
    return toServerIntegration(updated);
  }

  webhookUrl(id: string): Promise<Secret> {
    return this.client.integrations.webhookUrl(id);
  }

  async activate(id: string, input: { names: string[]; patterns: string[] }): Promise<string[]> {
    const result = await this.client.repositories.activate(id, {
      ...(input.names.length > 0 ? { names: input.names } : {}),
      ...(input.patterns.length > 0 ? { patterns: input.patterns } : {}),
    });
    return result.changed;
  }

  async deactivate(id: string, names: string[]): Promise<void> {
    await this.client.repositories.deactivate(id, { names });
  }

  async deleteIntegration(id: string): Promise<void> {
    await this.client.integrations.delete(id);
  }

  /** The organization-wide reconciler lease, held on the server. */
  lease(name: string): LeasePort {
    const client = this.client;
    return {
      async acquire(holder, ttlMs) {
        const outcome = await client.reconciler.acquireLease(name, {
          holder,
          ttlSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
        });
        return outcome.acquired
          ? { acquired: true }
          : { acquired: false, holder: outcome.holder ?? 'unknown', expiresAt: outcome.expiresAt ?? 'unknown' };
      },
      async renew(holder, ttlMs) {
        const outcome = await client.reconciler.renewLease(name, {
          holder,
          ttlSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
        });
        return outcome.acquired;
      },
      async release(holder) {
        await client.reconciler.releaseLease(name, holder);
      },
    };
  }
}
