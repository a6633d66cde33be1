import type { EventRecord, Identity, Job, JobState } from './contract/history.js';
import type { Image, ImageLookup } from './contract/images.js';
import type { CreateIntegrationRequest, Integration, UpdateIntegrationRequest } from './contract/integrations.js';
import type { ActivationResult, Repository, RepositorySelection } from './contract/repositories.js';
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
}
