import type { Secret } from '@scout-acr/sdk';
import type { Integration, ScoutClient } from '@scout-acr/sdk/client';
import type { LeasePort, ServerIntegration, ServerPort } from '../apply/ports.js';
import { Semaphore } from '../apply/semaphore.js';
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
 * one repository list per managed registry: the minimum the server API allows. Repository lists and the calls
 * apply makes share a bound of `4 × concurrency` requests in flight, so that applying every registry at once
 * never floods the server, while server steps (cheap next to ARM's) never hold up the ARM request slots.
 */
export class SdkServerPort implements ServerPort {
  readonly #slots: Semaphore;

  constructor(
    private readonly client: ScoutClient,
    options: { concurrency?: number | undefined } = {},
  ) {
    this.#slots = new Semaphore(4 * (options.concurrency ?? 8));
  }

  async listInventories(): Promise<Inventory[]> {
    const stored = await collect(this.client.reconciler.listInventories({ pageSize: 500 }));
    return stored.map((s) => s.inventory as Inventory);
  }

  async putInventory(inventory: Inventory): Promise<void> {
    // Drop undefined fields: the server's schema is strict and JSON has no undefined.
    const body = JSON.parse(JSON.stringify(inventory));
    await this.#slots.run(() => this.client.reconciler.putInventory(body));
  }

  async deleteInventory(address: string): Promise<void> {
    await this.#slots.run(() => this.client.reconciler.deleteInventory(address));
  }

  async listIntegrations(): Promise<ServerIntegration[]> {
    return (await collect(this.client.integrations.list({ pageSize: 500 }))).map(toServerIntegration);
  }

  async listRepositories(integrationId: string): Promise<Array<{ name: string; active: boolean }>> {
    const repositories = await this.#slots.run(() =>
      collect(this.client.repositories.list(integrationId, { pageSize: 500 })),
    );
    return repositories.filter((r) => r.inCatalog || r.active).map((r) => ({ name: r.name, active: r.active }));
  }

  async createIntegration(input: {
    loginServer: string;
    tokenName: string;
    password: Secret;
  }): Promise<ServerIntegration> {
    const created = await this.#slots.run(() =>
      this.client.integrations.create({
        loginServer: input.loginServer,
        tokenName: input.tokenName,
        password: input.password.reveal(),
      }),
    );
    return toServerIntegration(created);
  }

  async updateIntegration(
    id: string,
    input: { loginServer?: string; tokenName?: string; password?: Secret },
  ): Promise<ServerIntegration> {
    const updated = await this.#slots.run(() =>
      this.client.integrations.update(id, {
        loginServer: input.loginServer,
        tokenName: input.tokenName,
        password: input.password?.reveal(),
      }),
    );
    return toServerIntegration(updated);
  }

  webhookUrl(id: string): Promise<Secret> {
    return this.#slots.run(() => this.client.integrations.webhookUrl(id));
  }

  async activate(id: string, input: { names: string[]; patterns: string[] }): Promise<string[]> {
    const result = await this.#slots.run(() =>
      this.client.repositories.activate(id, {
        ...(input.names.length > 0 ? { names: input.names } : {}),
        ...(input.patterns.length > 0 ? { patterns: input.patterns } : {}),
      }),
    );
    return result.changed;
  }

  async deactivate(id: string, names: string[]): Promise<void> {
    await this.#slots.run(() => this.client.repositories.deactivate(id, { names }));
  }

  async deleteIntegration(id: string): Promise<void> {
    await this.#slots.run(() => this.client.integrations.delete(id));
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
