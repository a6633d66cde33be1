import { Secret } from '../secret/index.js';
import type { EventRecord, Identity, Job, JobState } from './contract/history.js';
import type { Image, ImageLookup } from './contract/images.js';
import type { CreateIntegrationRequest, Integration, UpdateIntegrationRequest } from './contract/integrations.js';
import type { ImagePackage, PackageType } from './contract/packages.js';
import type { LeaseOutcome, LeaseRequest, ReconcilerInventory, StoredInventory } from './contract/reconciler.js';
import type { ActivationResult, Repository, RepositorySelection, RepositoryTrend } from './contract/repositories.js';
import type {
  ImageHistoryEntry,
  SbomDocument,
  SbomFormat,
  Severity,
  VulnDbStatus,
  Vulnerability,
} from './contract/vulnerabilities.js';
import { ScoutApiError } from './errors.js';
import { type PagedAsyncIterable, paginate } from './paging.js';
import { type RequestOptions, type ScoutClientOptions, Transport } from './transport.js';

export type { RequestOptions, ScoutClientOptions } from './transport.js';

/** Options of list calls: page size of each request (the iterator fetches pages lazily). */
export interface ListOptions extends RequestOptions {
  pageSize?: number;
}

/**
 * The typed client of the scout-acr server API: every route of the contract, typed results parsed with the
 * contract's zod schemas, async-iterable pagination (`for await`, or `.byPage()`), retries that honour
 * `Retry-After` on 429/503 and never retry other 4xx, `AbortSignal` and per-attempt timeouts, and
 * `ScoutApiError`s carrying status, code and request id, with secrets redacted.
 *
 * @example
 * const scout = new ScoutClient({ baseUrl: process.env.SCOUT_ACR_SERVER!, apiKey: process.env.SCOUT_ACR_API_KEY! });
 * for await (const integration of scout.integrations.list()) console.log(integration.loginServer, integration.status);
 */
export class ScoutClient {
  readonly #t: Transport;

  constructor(options: ScoutClientOptions) {
    this.#t = new Transport(options);
  }

  /** The organization and role of the API key. */
  me(options?: RequestOptions): Promise<Identity> {
    return this.#t.send('getIdentity', {}, options);
  }

  readonly integrations = {
    list: (options: ListOptions = {}): PagedAsyncIterable<Integration> =>
      paginate((cursor, limit) => this.#t.send('listIntegrations', { query: { cursor, limit } }, options), {
        limit: options.pageSize,
      }),
    create: (input: CreateIntegrationRequest, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('createIntegration', { body: input }, options),
    get: (id: string, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('getIntegration', { params: { id } }, options),
    update: (id: string, input: UpdateIntegrationRequest, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('updateIntegration', { params: { id }, body: input }, options),
    delete: (id: string, options?: RequestOptions): Promise<{ deleted: true }> =>
      this.#t.send('deleteIntegration', { params: { id } }, options),
    /** Runs the connection test again. */
    test: (id: string, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('testIntegration', { params: { id }, body: {} }, options),
    /** The new password is tested first; a failing one is refused (422) and the old one kept. */
    rotatePassword: (id: string, password: string, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('rotatePassword', { params: { id }, body: { password } }, options),
    rotateWebhookSecret: (id: string, options?: RequestOptions): Promise<Integration> =>
      this.#t.send('rotateWebhookSecret', { params: { id }, body: {} }, options),
    /** The full webhook URL (it carries the webhook secret), wrapped in a Secret. Admin keys only. */
    webhookUrl: async (id: string, options?: RequestOptions): Promise<Secret> => {
      const { webhookUrl } = await this.#t.send('getIntegration', { params: { id } }, options);
      if (!webhookUrl) {
        throw new ScoutApiError('the webhook URL is shown to admin keys only', {
          code: 'Forbidden',
          operationId: 'getIntegration',
          status: 403,
        });
      }
      return new Secret(webhookUrl);
    },
  };

  readonly repositories = {
    list: (integrationId: string, options: ListOptions = {}): PagedAsyncIterable<Repository> =>
      paginate(
        (cursor, limit) =>
          this.#t.send('listRepositories', { params: { id: integrationId }, query: { cursor, limit } }, options),
        { limit: options.pageSize },
      ),
    activate: (
      integrationId: string,
      selection: RepositorySelection,
      options?: RequestOptions,
    ): Promise<ActivationResult> =>
      this.#t.send('activateRepositories', { params: { id: integrationId }, body: selection }, options),
    deactivate: (
      integrationId: string,
      selection: RepositorySelection,
      options?: RequestOptions,
    ): Promise<ActivationResult> =>
      this.#t.send('deactivateRepositories', { params: { id: integrationId }, body: selection }, options),
    /**
     * Findings by severity of the repository's latest image over time, oldest first (at most 500 points): one
     * when a newer image was first matched, one per re-match of the latest image after a database change.
     */
    trend: (integrationId: string, repository: string, options?: RequestOptions): Promise<RepositoryTrend> =>
      this.#t.send('getRepositoryTrend', { params: { id: integrationId }, query: { repository } }, options),
  };

  readonly images = {
    list: (
      integrationId: string,
      repository: string,
      options: ListOptions & { includeDeleted?: boolean } = {},
    ): PagedAsyncIterable<Image> =>
      paginate(
        (cursor, limit) =>
          this.#t.send(
            'listImages',
            {
              params: { id: integrationId },
              query: { repository, cursor, limit, includeDeleted: options.includeDeleted ? 'true' : undefined },
            },
            options,
          ),
        { limit: options.pageSize },
      ),
    /** By `repo:tag`, `repo@sha256:…` or a digest; an index gives one image per platform. */
    lookup: (integrationId: string, reference: string, options?: RequestOptions): Promise<ImageLookup> =>
      this.#t.send('lookupImage', { params: { id: integrationId }, query: { reference } }, options),
    /**
     * Packages of an analyzed platform image (409 until it is analyzed). `repository` is needed only when the
     * digest is in several repositories; `type` filters, `name` searches (case-insensitive substring).
     */
    packages: (
      integrationId: string,
      digest: string,
      options: ListOptions & { repository?: string; type?: PackageType; name?: string } = {},
    ): PagedAsyncIterable<ImagePackage> =>
      paginate(
        (cursor, limit) =>
          this.#t.send(
            'listImagePackages',
            {
              params: { id: integrationId, digest },
              query: { repository: options.repository, type: options.type, name: options.name, cursor, limit },
            },
            options,
          ),
        { limit: options.pageSize },
      ),
    /**
     * Vulnerabilities of an analyzed image, worst first (409 `NoVulnerabilityDatabase` until the server has a
     * database). Filters: `severity` (any of), `fixable`, `packageType`, `id` (a CVE/GHSA/… id, aliases match).
     */
    vulnerabilities: (
      integrationId: string,
      digest: string,
      options: ListOptions & {
        repository?: string;
        severity?: Severity | Severity[];
        fixable?: boolean;
        packageType?: PackageType;
        id?: string;
      } = {},
    ): PagedAsyncIterable<Vulnerability> =>
      paginate(
        (cursor, limit) =>
          this.#t.send(
            'listImageVulnerabilities',
            {
              params: { id: integrationId, digest },
              query: {
                repository: options.repository,
                severity: Array.isArray(options.severity) ? options.severity.join(',') : options.severity,
                fixable: options.fixable === undefined ? undefined : options.fixable ? 'true' : 'false',
                packageType: options.packageType,
                id: options.id,
                cursor,
                limit,
              },
            },
            options,
          ),
        { limit: options.pageSize },
      ),
    /** The image's SBOM: CycloneDX 1.6 JSON (with its vulnerabilities) or SPDX 2.3 JSON. */
    sbom: (
      integrationId: string,
      digest: string,
      format: SbomFormat,
      options: RequestOptions & { repository?: string } = {},
    ): Promise<SbomDocument> =>
      this.#t.send(
        'getImageSbom',
        { params: { id: integrationId, digest }, query: { format, repository: options.repository } },
        options,
      ),
    /** Analyses and re-matches of the image, newest first, with the findings each added and resolved. */
    history: (
      integrationId: string,
      digest: string,
      options: ListOptions & { repository?: string } = {},
    ): PagedAsyncIterable<ImageHistoryEntry> =>
      paginate(
        (cursor, limit) =>
          this.#t.send(
            'listImageHistory',
            { params: { id: integrationId, digest }, query: { repository: options.repository, cursor, limit } },
            options,
          ),
        { limit: options.pageSize },
      ),
  };

  readonly vulndb = {
    /** The vulnerability database the server matches with (records per ecosystem, import time, age). */
    status: (options?: RequestOptions): Promise<VulnDbStatus> => this.#t.send('getVulnDbStatus', {}, options),
  };

  readonly events = {
    list: (integrationId: string, options: ListOptions = {}): PagedAsyncIterable<EventRecord> =>
      paginate(
        (cursor, limit) =>
          this.#t.send('listEvents', { params: { id: integrationId }, query: { cursor, limit } }, options),
        { limit: options.pageSize },
      ),
  };

  readonly jobs = {
    list: (integrationId: string, options: ListOptions & { state?: JobState } = {}): PagedAsyncIterable<Job> =>
      paginate(
        (cursor, limit) =>
          this.#t.send(
            'listJobs',
            { params: { id: integrationId }, query: { cursor, limit, state: options.state } },
            options,
          ),
        { limit: options.pageSize },
      ),
    get: (jobId: string, options?: RequestOptions): Promise<Job> =>
      this.#t.send('getJob', { params: { id: jobId } }, options),
    /** Queues a dead job again. */
    retry: (jobId: string, options?: RequestOptions): Promise<Job> =>
      this.#t.send('retryJob', { params: { id: jobId }, body: {} }, options),
  };

  /**
   * The reconciler's state on the server: an inventory per managed registry and named leases, in the key's
   * organization. Reading inventories needs a viewer key; everything else an admin key.
   */
  readonly reconciler = {
    /** Every inventory of the organization, by address (one request up to 500 inventories). */
    listInventories: (options: ListOptions = {}): PagedAsyncIterable<StoredInventory> =>
      paginate((cursor, limit) => this.#t.send('listInventories', { query: { cursor, limit } }, options), {
        limit: options.pageSize,
      }),
    /**
     * Creates or replaces the inventory at `inventory.address`. With `ifRevision`, only if the stored revision is
     * that one (0: only if none exists); otherwise a 409 `RevisionConflict`.
     */
    putInventory: (
      inventory: ReconcilerInventory,
      options: RequestOptions & { ifRevision?: number } = {},
    ): Promise<StoredInventory> =>
      this.#t.send(
        'putInventory',
        { params: { address: inventory.address }, query: { ifRevision: options.ifRevision }, body: inventory },
        options,
      ),
    /** Idempotent: `deleted: false` when there was none. */
    deleteInventory: (address: string, options?: RequestOptions): Promise<{ deleted: boolean }> =>
      this.#t.send('deleteInventory', { params: { address } }, options),
    /** Takes the lease, or reports who holds it (`acquired: false`). The same holder re-acquiring renews. */
    acquireLease: (name: string, request: LeaseRequest, options?: RequestOptions): Promise<LeaseOutcome> =>
      leaseOutcome(name, this.#t.send('acquireLease', { params: { name }, body: request }, options)),
    /** Extends the lease; `acquired: false` when the holder lost it. */
    renewLease: (name: string, request: LeaseRequest, options?: RequestOptions): Promise<LeaseOutcome> =>
      leaseOutcome(name, this.#t.send('renewLease', { params: { name }, body: request }, options)),
    /** Idempotent for the holder; a 409 `LeaseHeld` error when another holder has the lease. */
    releaseLease: (name: string, holder: string, options?: RequestOptions): Promise<{ released: boolean }> =>
      this.#t.send('releaseLease', { params: { name }, query: { holder } }, options),
  };
}

/** A 409 `LeaseHeld` is an answer, not a failure: the server names the holder in the error details. */
async function leaseOutcome(name: string, request: Promise<LeaseOutcome>): Promise<LeaseOutcome> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof ScoutApiError) || error.status !== 409 || error.code !== 'LeaseHeld') throw error;
    const detail = (path: string) => error.details?.find((d) => d.path === path)?.message || null;
    return { name, acquired: false, holder: detail('holder'), expiresAt: detail('expiresAt') };
  }
}
