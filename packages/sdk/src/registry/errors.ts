import { ScoutAcrError, type ScoutAcrErrorOptions } from '../errors/index.js';

type Options = Omit<ScoutAcrErrorOptions, 'code'>;

/** Base of every error the OCI registry client throws; `registry` is the login server involved. */
export class RegistryError extends ScoutAcrError {
  readonly registry: string;
  constructor(message: string, registry: string, options: ScoutAcrErrorOptions) {
    super(message, options);
    this.registry = registry;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), registry: this.registry };
  }
}

/** The registry rejected the credentials themselves (wrong, expired or disabled token, or none given). */
export class RegistryUnauthorizedError extends RegistryError {
  constructor(message: string, registry: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'Unauthorized', status: options.status ?? 401 });
  }
}

/** The credentials are valid but do not grant `scope` (e.g. a repository-limited token asking for the catalog). */
export class RegistryDeniedError extends RegistryError {
  /** The refused scope(s), e.g. `registry:catalog:*`. */
  readonly scope: string;
  constructor(message: string, registry: string, scope: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'Denied', status: options.status ?? 403 });
    this.scope = scope;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), scope: this.scope };
  }
}

/** What was not found: a repository, a manifest (tag or digest) or a blob. */
export type RegistryNotFoundKind = 'repository' | 'manifest' | 'blob';

/** A repository, manifest or blob does not exist (`NAME_UNKNOWN`, `MANIFEST_UNKNOWN`, `BLOB_UNKNOWN`). */
export class RegistryNotFoundError extends RegistryError {
  readonly kind: RegistryNotFoundKind;
  readonly repository: string | undefined;
  readonly reference: string | undefined;
  constructor(
    message: string,
    registry: string,
    target: { kind: RegistryNotFoundKind; repository?: string; reference?: string },
    options: Options = {},
  ) {
    super(message, registry, { ...options, code: 'NotFound', status: options.status ?? 404 });
    this.kind = target.kind;
    this.repository = target.repository;
    this.reference = target.reference;
  }
}

/** The registry answered with a manifest or blob media type this client cannot handle. */
export class UnsupportedMediaTypeError extends RegistryError {
  readonly mediaType: string | undefined;
  constructor(message: string, registry: string, mediaType: string | undefined, options: Options = {}) {
    super(message, registry, { ...options, code: 'UnsupportedMediaType' });
    this.mediaType = mediaType;
  }
}

/** Content did not hash to the digest it was requested by (corruption, tampering or a truncated stream). */
export class DigestMismatchError extends RegistryError {
  readonly expected: string;
  readonly actual: string;
  constructor(registry: string, expected: string, actual: string, options: Options = {}) {
    super(`content digest mismatch: expected ${expected}, got ${actual}`, registry, {
      ...options,
      code: 'DigestMismatch',
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** 429 Too Many Requests: transient; `retryAfterMs` carries the registry's `Retry-After`. */
export class RegistryRateLimitedError extends RegistryError {
  constructor(message: string, registry: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'RateLimited', status: options.status ?? 429, transient: true });
  }
}

/** 5xx, connection refused/reset, timeouts: transient. */
export class RegistryUnavailableError extends RegistryError {
  constructor(message: string, registry: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'RegistryUnavailable', transient: true });
  }
}

/** The TLS handshake failed (untrusted CA, wrong host name, expired certificate): not transient. */
export class RegistryTlsError extends RegistryError {
  /** Node's TLS error code, e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE` or `ERR_TLS_CERT_ALTNAME_INVALID`. */
  readonly tlsCode: string;
  constructor(message: string, registry: string, tlsCode: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'TlsError' });
    this.tlsCode = tlsCode;
  }
}

/** Any other unexpected registry answer (4xx not covered above, malformed JSON). */
export class RegistryProtocolError extends RegistryError {
  constructor(message: string, registry: string, options: Options = {}) {
    super(message, registry, { ...options, code: 'RegistryProtocolError' });
  }
}
