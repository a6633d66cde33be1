/**
 * Typed errors of the Azure client. Every one extends {@link ScoutAcrError}, carries ARM's request id
 * (`x-ms-request-id`) and says whether a retry can help (`transient`). Messages come from ARM but pass through
 * redaction first: they never contain a password, a webhook URL's query string or any other secret.
 */
import { ScoutAcrError, type ScoutAcrErrorOptions } from '../../errors/index.js';

/** One entry of ARM's `error.details` (redacted). */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string | undefined;
  details?: ArmErrorDetail[] | undefined;
}

/** Options shared by every Azure error. `code` is ARM's error code when ARM sent one. */
export interface AzureErrorOptions extends ScoutAcrErrorOptions {
  /** ARM's `error.target`: the property or resource the error is about. */
  target?: string | undefined;
  /** ARM's `error.details`, redacted. */
  details?: ArmErrorDetail[] | undefined;
  /** The client operation that failed, e.g. `tokens.createOrUpdate`. */
  operation?: string | undefined;
}

/** Base of every error the Azure client throws. */
export class AzureError extends ScoutAcrError {
  /** ARM's `error.target`, when given. */
  readonly target: string | undefined;
  /** ARM's `error.details`, redacted. */
  readonly details: ArmErrorDetail[] | undefined;
  /** The client operation that failed, e.g. `tokens.createOrUpdate`. */
  readonly operation: string | undefined;

  constructor(message: string, options: AzureErrorOptions) {
    super(message, options);
    this.target = options.target;
    this.details = options.details;
    this.operation = options.operation;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), target: this.target, details: this.details, operation: this.operation };
  }
}

type Narrowed = Omit<AzureErrorOptions, 'transient'>;

/** What a 404 was about: the resource itself, its parent (e.g. the registry of a token) or its resource group. */
export type AzureNotFoundKind = 'resource' | 'parent' | 'resourceGroup';

/** 404 `ResourceNotFound` (and the base of the other not-found kinds). Terminal. */
export class AzureResourceNotFoundError extends AzureError {
  /** Which level of the hierarchy is missing. */
  readonly kind: AzureNotFoundKind;
  constructor(message: string, options: Narrowed, kind: AzureNotFoundKind = 'resource') {
    super(message, { ...options, transient: false });
    this.kind = kind;
  }
}

/** 404 `ParentResourceNotFound`: e.g. the registry (or system topic) a child resource lives under is gone. */
export class AzureParentResourceNotFoundError extends AzureResourceNotFoundError {
  constructor(message: string, options: Narrowed) {
    super(message, options, 'parent');
  }
}

/** 404 `ResourceGroupNotFound`. */
export class AzureResourceGroupNotFoundError extends AzureResourceNotFoundError {
  constructor(message: string, options: Narrowed) {
    super(message, options, 'resourceGroup');
  }
}

/** 409: a concurrent change or a state that forbids the call (e.g. a resource being deleted). Transient. */
export class AzureConflictError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, transient: true });
  }
}

/** 429 (or 503 with `Retry-After`) after the client's own bounded retries. `retryAfterMs` says when to come back. */
export class AzureThrottledError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, transient: true });
  }
}

/** 401/403, or a credential that could not produce a token. Terminal: fix the identity or its role assignment. */
export class AzureAuthError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, transient: false });
  }
}

/** 400 (`InvalidRequest`, `InvalidParameter`, …): the request itself is wrong. Terminal. */
export class AzureInvalidRequestError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, transient: false });
  }
}

/**
 * Event Grid could not validate the webhook while creating or updating an event subscription (the LRO ended
 * `Failed` with `Url validation`). The endpoint did not answer the `SubscriptionValidation` handshake: make
 * sure the server is reachable from Event Grid and answers before retrying.
 */
export class WebhookHandshakeError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, code: options.code || 'Url validation', transient: false });
  }
}

/**
 * Azure allows one system topic per source resource: another topic already exists for this registry.
 * `existingTopicId` names it when it could be found; reuse it instead of creating a second one.
 */
export class SystemTopicConflictError extends AzureError {
  /** ARM id of the system topic that already has this registry as its source, when known. */
  readonly existingTopicId: string | undefined;
  constructor(message: string, options: Narrowed & { existingTopicId?: string | undefined }) {
    super(message, { ...options, transient: false });
    this.existingTopicId = options.existingTopicId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), existingTopicId: this.existingTopicId };
  }
}

/** A long-running operation ended `Failed` or `Canceled` for another reason than the webhook handshake. */
export class AzureOperationFailedError extends AzureError {}

/** 5xx from ARM or the resource provider. Transient. */
export class AzureServiceError extends AzureError {
  constructor(message: string, options: Narrowed) {
    super(message, { ...options, transient: true });
  }
}

/** No response at all: connection refused or reset, timeout (transient), or a TLS failure (terminal). */
export class AzureNetworkError extends AzureError {
  constructor(message: string, options: AzureErrorOptions) {
    super(message, { ...options, transient: options.transient ?? true });
  }
}
