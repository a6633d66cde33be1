/** Registry tokens: create, read, change scope map or status, delete. Passwords are in `./passwords.ts`. */
import type { Token, TokenUpdateParameters } from '@azure/arm-containerregistry';
import type { AzureContext } from '../context.js';
import { nameFromId, type RegistryRef, registryId, scopeMapId, toRef } from '../ids.js';
import type { TokenInfo, TokenPasswordName, TokenStatus } from '../models.js';
import type { PagedAsyncIterableIterator } from '../paging.js';
import { ignoreNotFound } from './idempotent.js';

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Converts the SDK model. Password values are never part of the result. */
export function toTokenInfo(token: Token): TokenInfo {
  const scopeMap = token.scopeMapId ?? '';
  return {
    id: token.id ?? '',
    name: token.name ?? '',
    scopeMapId: scopeMap,
    scopeMapName: scopeMap ? nameFromId(scopeMap) : '',
    status: token.status?.toLowerCase() === 'disabled' ? 'disabled' : 'enabled',
    passwords: (token.credentials?.passwords ?? [])
      .filter((p) => p.name === 'password1' || p.name === 'password2')
      .map((p) => ({
        name: p.name as TokenPasswordName,
        expiry: iso(p.expiry),
        creationTime: iso(p.creationTime),
      })),
    creationDate: iso(token.creationDate),
    provisioningState: token.provisioningState,
  };
}

/** Input of {@link TokensOperations.createOrUpdate}. */
export interface TokenInput {
  /** Scope map name (e.g. `_repositories_pull_metadata_read`) or ARM id. */
  scopeMap: string;
  /** Default `enabled`. */
  status?: TokenStatus | undefined;
}

/** Token operations (`client.tokens`). */
export class TokensOperations {
  readonly #ctx: AzureContext;

  /** @internal */
  constructor(ctx: AzureContext) {
    this.#ctx = ctx;
  }

  #scopeMapId(ref: { resourceGroup: string; name: string }, scopeMap: string): string {
    if (scopeMap.startsWith('/')) return scopeMap;
    return scopeMapId(registryId(this.#ctx.subscriptionId, ref.resourceGroup, ref.name), scopeMap);
  }

  /** Every token of the registry, with password names and expiries (never values). */
  list(registry: RegistryRef): PagedAsyncIterableIterator<TokenInfo> {
    const ref = toRef(registry, 'registries');
    return this.#ctx.paged(
      'tokens.list',
      { resourceGroup: ref.resourceGroup, registry: ref.name },
      () => this.#ctx.acr.tokens.list(ref.resourceGroup, ref.name),
      toTokenInfo,
    );
  }

  /** GET one token. */
  get(registry: RegistryRef, name: string): Promise<TokenInfo> {
    const ref = toRef(registry, 'registries');
    return this.#ctx.call('tokens.get', { resourceGroup: ref.resourceGroup, registry: ref.name, name }, async () =>
      toTokenInfo(await this.#ctx.acr.tokens.get(ref.resourceGroup, ref.name, name)),
    );
  }

  /**
   * PUT a token bound to a scope map, enabled or disabled, and wait for the long-running operation. Existing
   * passwords are kept (the request does not list credentials).
   */
  createOrUpdate(registry: RegistryRef, name: string, input: TokenInput): Promise<TokenInfo> {
    const ref = toRef(registry, 'registries');
    const body: Token = { scopeMapId: this.#scopeMapId(ref, input.scopeMap), status: input.status ?? 'enabled' };
    return this.#ctx.call(
      'tokens.createOrUpdate',
      { resourceGroup: ref.resourceGroup, registry: ref.name, name, scopeMap: nameFromId(body.scopeMapId ?? '') },
      async () =>
        toTokenInfo(await this.#ctx.acr.tokens.create(ref.resourceGroup, ref.name, name, body, this.#ctx.lro)),
    );
  }

  /**
   * PATCH a token: change its scope map and/or status, or drop passwords by listing only those to keep
   * (`keepPasswords: ['password2']` removes `password1`).
   */
  update(
    registry: RegistryRef,
    name: string,
    change: { scopeMap?: string; status?: TokenStatus; keepPasswords?: TokenPasswordName[] },
  ): Promise<TokenInfo> {
    const ref = toRef(registry, 'registries');
    const body: TokenUpdateParameters = {};
    if (change.scopeMap !== undefined) body.scopeMapId = this.#scopeMapId(ref, change.scopeMap);
    if (change.status !== undefined) body.status = change.status;
    if (change.keepPasswords !== undefined) {
      body.credentials = { passwords: change.keepPasswords.map((p) => ({ name: p })) };
    }
    return this.#ctx.call(
      'tokens.update',
      { resourceGroup: ref.resourceGroup, registry: ref.name, name, status: change.status },
      async () =>
        toTokenInfo(await this.#ctx.acr.tokens.update(ref.resourceGroup, ref.name, name, body, this.#ctx.lro)),
    );
  }

  /** DELETE a token and wait. Idempotent: a token (or registry) already gone is success. */
  delete(registry: RegistryRef, name: string): Promise<void> {
    const ref = toRef(registry, 'registries');
    return ignoreNotFound(
      this.#ctx.call('tokens.delete', { resourceGroup: ref.resourceGroup, registry: ref.name, name }, async () => {
        await this.#ctx.acr.tokens.delete(ref.resourceGroup, ref.name, name, this.#ctx.lro);
      }),
    );
  }
}
