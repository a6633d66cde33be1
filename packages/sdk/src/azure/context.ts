/**
 * Shared plumbing of the operation groups: the two official SDK clients (configured once), the logger, and
 * `call`/`paged`, which run an SDK call inside an operation context and turn its failures into typed errors.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { EventGridManagementClient } from '@azure/arm-eventgrid';
import { type Logger, silentLogger } from '../logging/index.js';
import { mapAzureError } from './errors/index.js';
import { type AzureClientOptions, lazyDefaultCredential, normaliseEndpoint, trustedCas } from './options.js';
import { mapPaged, type PagedAsyncIterableIterator, type SourcePaged } from './paging.js';
import { configurePipeline } from './pipeline/configure.js';
import { type OperationContext, runInOperationContext } from './pipeline/operation-context.js';

/** The Event Grid api-version scout-acr speaks (the SDK defaults to 2022-06-15). */
export const EVENT_GRID_API_VERSION = '2025-02-15';

/** The Container Registry api-version scout-acr speaks (the SDK's default). */
export const CONTAINER_REGISTRY_API_VERSION = '2025-11-01';

/** Fields describing a call, logged at debug level. Never put secrets here. */
export type CallFields = Record<string, string | number | boolean | undefined>;

export class AzureContext {
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly acr: ContainerRegistryManagementClient;
  readonly eventGrid: EventGridManagementClient;
  readonly logger: Logger;
  /** LRO options passed to every `begin…AndWait`/poller call. */
  readonly lro: { updateIntervalInMs: number };

  constructor(options: AzureClientOptions) {
    if (!options.subscriptionId) throw new TypeError('AzureAcrClient: subscriptionId is required');
    this.subscriptionId = options.subscriptionId;
    this.endpoint = normaliseEndpoint(options.endpoint);
    this.logger = options.logger ?? silentLogger;
    this.lro = { updateIntervalInMs: options.pollIntervalMs ?? 2000 };
    const credential = options.credential ?? lazyDefaultCredential();
    const ca = trustedCas(options.tlsCa);
    const scopes = options.credentialScopes ?? [`${this.endpoint}/.default`];
    const common = {
      endpoint: this.endpoint,
      userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'scout-acr' },
      ...(ca ? { tlsOptions: { ca } } : {}),
    };
    this.acr = new ContainerRegistryManagementClient(credential, this.subscriptionId, {
      ...common,
      apiVersion: CONTAINER_REGISTRY_API_VERSION,
      credentials: { scopes },
    });
    // The classic Event Grid client resolves `{$host}` from `$host`, not from `endpoint`: set both.
    this.eventGrid = new EventGridManagementClient(credential, this.subscriptionId, {
      ...common,
      $host: this.endpoint,
      apiVersion: EVENT_GRID_API_VERSION,
      credentialScopes: scopes,
    });
    const retry = options.retry ?? {};
    configurePipeline(this.acr.pipeline, retry, this.logger, options.requestSlots);
    configurePipeline(this.eventGrid.pipeline, retry, this.logger, options.requestSlots);
  }

  /**
   * Runs one SDK call as the client operation `operation`: logs it (fields only), captures request ids and LRO
   * failures, and maps any failure to a typed AzureError with `secrets` scrubbed from its text.
   */
  async call<T>(operation: string, fields: CallFields, fn: () => Promise<T>, secrets: string[] = []): Promise<T> {
    const captured: OperationContext = {};
    const started = Date.now();
    this.logger.debug({ operation, ...fields }, 'azure call');
    try {
      const result = await runInOperationContext(captured, fn);
      this.logger.debug({ operation, ...fields, durationMs: Date.now() - started }, 'azure call done');
      return result;
    } catch (error) {
      const mapped = mapAzureError(error, { operation, secrets, captured });
      this.logger.debug(
        { operation, ...fields, code: mapped.code, status: mapped.status, requestId: mapped.requestId },
        'azure call failed',
      );
      throw mapped;
    }
  }

  /** A mapped paged list whose underlying calls run through {@link call}'s error handling. */
  paged<S, T>(
    operation: string,
    fields: CallFields,
    source: () => SourcePaged<S>,
    map: (item: S) => T,
  ): PagedAsyncIterableIterator<T> {
    return mapPaged(source, map, (fn) => this.call(operation, fields, fn));
  }
}
