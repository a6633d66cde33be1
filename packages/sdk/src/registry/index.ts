/** Re-exported so registry users can wrap passwords without a second import. */
export { Secret } from '../secret/index.js';
export { type AuthChallenge, parseWwwAuthenticate } from './challenge.js';
export { RegistryClient } from './client.js';
export type { CallOptions, PageOptions, RegistryClientOptions } from './client-options.js';
export { type AnonymousCredentials, anonymous, type RegistryCredentials } from './credentials.js';
export { DigestVerifier, isSha256Digest, sha256Digest } from './digest.js';
export {
  DigestMismatchError,
  RegistryDeniedError,
  RegistryError,
  RegistryNotFoundError,
  type RegistryNotFoundKind,
  RegistryProtocolError,
  RegistryRateLimitedError,
  RegistryTlsError,
  RegistryUnauthorizedError,
  RegistryUnavailableError,
  UnsupportedMediaTypeError,
} from './errors.js';
export { nextLink } from './link.js';
export { parseManifest } from './manifest.js';
export { isImageManifestMediaType, isIndexMediaType, MANIFEST_ACCEPT, MediaTypes } from './media-types.js';
export { DEFAULT_PLATFORM, formatPlatform, platformManifests, platformMatches, selectPlatform } from './platform.js';
export { mergeScopes, Scopes } from './scopes.js';
export type {
  AcrTag,
  Descriptor,
  FetchedManifest,
  ImageConfig,
  ImageIndex,
  ImageManifest,
  NewestTag,
  Platform,
  ResolvedImage,
} from './types.js';
