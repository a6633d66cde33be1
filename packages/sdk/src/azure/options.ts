/** Options of {@link AzureAcrClient}, and how they become settings for the two official SDK clients. */
import { rootCertificates } from 'node:tls';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { Logger } from '../logging/index.js';
import type { AzureRetryOptions } from './pipeline/retry-policy.js';

/** Options of the Azure client. Only `subscriptionId` is required. */
export interface AzureClientOptions {
  /** The Azure subscription the registries live in. */
  subscriptionId: string;
  /** Any `TokenCredential`. Default: `DefaultAzureCredential` from `@azure/identity` (loaded on first use). */
  credential?: TokenCredential | undefined;
  /**
   * The Azure Resource Manager URL. Default `https://management.azure.com`. Set it for sovereign clouds
   * (e.g. `https://management.usgovcloudapi.net`) or an emulator.
   */
  endpoint?: string | undefined;
  /** Token scopes. Default `${endpoint}/.default`. */
  credentialScopes?: string[] | undefined;
  /**
   * Extra CA certificate(s), PEM, trusted in addition to Node's bundled roots (so `NODE_EXTRA_CA_CERTS` is not
   * needed for a private ARM endpoint). Note: when set, certificates added through `NODE_EXTRA_CA_CERTS` are not
   * trusted by this client; list them here too.
   */
  tlsCa?: string | string[] | undefined;
  /** Retry behaviour (bounded; honours `Retry-After`). */
  retry?: AzureRetryOptions | undefined;
  /** A pino logger. Default: silent. The client never logs secrets or request bodies. */
  logger?: Logger | undefined;
  /** Poll interval of long-running operations when Azure sends no `Retry-After`. Default 2000 ms. */
  pollIntervalMs?: number | undefined;
  /** Prefix of the `User-Agent` header. Default `scout-acr`. */
  userAgentPrefix?: string | undefined;
  /**
   * Bounds the HTTP requests in flight (polls of long-running operations included); pass the same object to
   * several clients to share one budget. A request holds a slot only while on the wire. Default: no bound.
   */
  requestSlots?: RequestSlots | undefined;
}

/** A counting semaphore: `acquire` resolves with the function that gives the slot back. */
export interface RequestSlots {
  acquire(signal?: AbortSignalLike): Promise<() => void>;
}

/** The part of an AbortSignal that the Azure pipeline hands over with each request. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The default ARM endpoint (Azure public cloud). */
export const AZURE_PUBLIC_CLOUD_ENDPOINT = 'https://management.azure.com';

/** The trusted CA list: Node's bundled roots plus the extra ones, or undefined to keep the defaults. */
export function trustedCas(tlsCa: string | string[] | undefined): string[] | undefined {
  if (tlsCa === undefined) return undefined;
  const extra = Array.isArray(tlsCa) ? tlsCa : [tlsCa];
  if (extra.length === 0) return undefined;
  return [...rootCertificates, ...extra];
}

/** ARM endpoint without a trailing slash. */
export function normaliseEndpoint(endpoint: string | undefined): string {
  return (endpoint ?? AZURE_PUBLIC_CLOUD_ENDPOINT).replace(/\/+$/, '');
}

/**
 * `DefaultAzureCredential`, created on first use so that importing the SDK (or passing another credential) does
 * not load `@azure/identity` and MSAL.
 */
export function lazyDefaultCredential(): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      inner ??= import('@azure/identity').then((m) => new m.DefaultAzureCredential());
      return (await inner).getToken(scopes, options);
    },
  };
}
