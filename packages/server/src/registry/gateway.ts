import type { Readable } from 'node:stream';
import type { Secret } from '@scout-acr/sdk';

/** Credentials of one integration's registry token. The password stays wrapped until it goes on the wire. */
export interface RegistryCredentials {
  loginServer: string;
  tokenName: string;
  password: Secret;
}

/** A manifest as fetched: its digest, media type and parsed JSON. */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  body: Record<string, unknown>;
}

/**
 * What the server needs from a registry, as a port: the connection test, repository activation and the
 * image job call only this. The adapter over the SDK's `RegistryClient` (`@scout-acr/sdk/registry`)
 * implements it; tests can substitute a fake.
 */
export interface RegistryGateway {
  /** `/v2/` → token (`registry:catalog:*`) → `/v2/_catalog`: throws on the first step that fails. */
  checkAccess(): Promise<void>;
  /** Every repository name of the catalog (all pages). */
  catalog(): Promise<string[]>;
  /** The newest tag (ACR `orderby=timedesc`, with a fallback for other registries), or undefined if none. */
  newestTag(repository: string): Promise<string | undefined>;
  /** A manifest or index by tag or digest, with Docker v2 and OCI accept types. */
  manifest(repository: string, reference: string): Promise<FetchedManifest>;
  /** A small JSON blob (the image config), digest-verified. */
  blobJson(repository: string, digest: string): Promise<Record<string, unknown>>;
  /** A blob as a digest-verified stream (layers, for the analyzer); never buffered whole. */
  blobStream(repository: string, digest: string, size?: number): Promise<Readable>;
}

export type RegistryGatewayFactory = (credentials: RegistryCredentials) => RegistryGateway;
