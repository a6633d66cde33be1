import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { type Logger, silentLogger } from '../logging/index.js';
import { Secret } from '../secret/index.js';
import { Authenticator } from './authenticator.js';
import type { CallOptions, PageOptions, RegistryClientOptions } from './client-options.js';
import type { RegistryCredentials } from './credentials.js';
import { DigestVerifier, isSha256Digest, sha256Digest } from './digest.js';
import {
  DigestMismatchError,
  RegistryNotFoundError,
  RegistryProtocolError,
  UnsupportedMediaTypeError,
} from './errors.js';
import { nextLink } from './link.js';
import { parseManifest } from './manifest.js';
import { MANIFEST_ACCEPT } from './media-types.js';
import { newestTag } from './newest-tag.js';
import { DEFAULT_PLATFORM, formatPlatform, platformManifests, selectPlatform } from './platform.js';
import { type CallSpec, RegistryCaller } from './registry-caller.js';
import { Scopes } from './scopes.js';
import { createDispatcher, readBody, Transport } from './transport.js';
import type { AcrTag, Descriptor, FetchedManifest, ImageConfig, NewestTag, Platform, ResolvedImage } from './types.js';

const MANIFEST_LIMIT = 4 * 1024 * 1024;
const CONFIG_LIMIT = 8 * 1024 * 1024;
const LIST_LIMIT = 16 * 1024 * 1024;

/**
 * An OCI distribution client with ACR token auth: catalog and tags with `Link` pagination, ACR's
 * newest-tag API, manifests and indexes with platform selection, configs, and blobs streamed with
 * digest verification. Credentials and bearer tokens never appear in its errors or logs.
 *
 * @example
 * const registry = new RegistryClient({ loginServer: 'myreg.azurecr.io',
 *   credentials: { username: 'docker-scout-readonly-token', password: new Secret(pw) } });
 * for await (const repo of registry.catalog()) console.log(repo);
 */
export class RegistryClient {
  /** The login server as given (without scheme). */
  readonly loginServer: string;
  private readonly baseUrl: string;
  private readonly caller: RegistryCaller;
  private readonly ownedDispatcher: Dispatcher | undefined;
  readonly logger: Logger;

  constructor(options: RegistryClientOptions) {
    const base = /^https?:\/\//.test(options.loginServer) ? options.loginServer : `https://${options.loginServer}`;
    this.baseUrl = base.replace(/\/+$/, '');
    this.loginServer = new URL(this.baseUrl).host;
    this.logger = options.logger ?? silentLogger;
    const credentials =
      options.credentials && 'username' in options.credentials
        ? ({
            username: options.credentials.username,
            password: Secret.from(options.credentials.password),
          } satisfies RegistryCredentials)
        : undefined;
    this.ownedDispatcher = options.dispatcher ? undefined : createDispatcher(options.tlsCa);
    const secrets = () => {
      const list: string[] = [...authenticator.tokens.values()];
      if (credentials) list.push(Secret.from(credentials.password).reveal());
      return list;
    };
    const transport = new Transport({
      registry: this.loginServer,
      dispatcher: options.dispatcher ?? (this.ownedDispatcher as Dispatcher),
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: options.userAgent ?? 'scout-acr-sdk',
      secrets,
    });
    const authenticator = new Authenticator(transport, this.loginServer, credentials, options.now);
    this.caller = new RegistryCaller(transport, authenticator, this.loginServer, this.logger, options.retry);
  }

  /**
   * Checks that the registry answers and accepts the credentials (`GET /v2/`, authenticated):
   * the connection test. Throws RegistryUnauthorizedError for bad credentials.
   */
  async ping(options: CallOptions = {}): Promise<void> {
    const response = await this.caller.call(
      { method: 'GET', url: this.url('/v2/'), scopes: [], what: 'ping' },
      options,
    );
    response.body.resume();
  }

  /** Every repository name (`GET /v2/_catalog`, scope `registry:catalog:*`), page by page. */
  async *catalog(options: PageOptions = {}): AsyncIterable<string> {
    const first = this.url(`/v2/_catalog?n=${options.pageSize ?? 100}`);
    for await (const page of this.pages<{ repositories?: string[] | null }>(
      first,
      [Scopes.catalog],
      'catalog',
      options,
    )) {
      yield* page.repositories ?? [];
    }
  }

  /** Every tag of `repository` (`GET /v2/<repo>/tags/list`), page by page. */
  async *tags(repository: string, options: PageOptions = {}): AsyncIterable<string> {
    const first = this.url(`/v2/${repository}/tags/list?n=${options.pageSize ?? 100}`);
    const scopes = [Scopes.pull(repository), Scopes.metadataRead(repository)];
    const notFound = { kind: 'repository' as const, repository };
    for await (const page of this.pages<{ tags?: string[] | null }>(first, scopes, 'tags', options, notFound)) {
      yield* page.tags ?? [];
    }
  }

  /**
   * ACR's tag listing with timestamps (`GET /acr/v1/<repo>/_tags`), newest first by default.
   * Only ACR (and the test harness) serve it; other registries answer 404.
   */
  async *acrTags(
    repository: string,
    options: PageOptions & { orderby?: 'timedesc' | 'timeasc' } = {},
  ): AsyncIterable<AcrTag> {
    const query = `orderby=${options.orderby ?? 'timedesc'}&n=${options.pageSize ?? 100}`;
    const first = this.url(`/acr/v1/${repository}/_tags?${query}`);
    const scopes = [Scopes.pull(repository), Scopes.metadataRead(repository)];
    const notFound = { kind: 'repository' as const, repository };
    for await (const page of this.pages<{ tags?: AcrTag[] | null }>(first, scopes, 'acr tags', options, notFound)) {
      yield* page.tags ?? [];
    }
  }

  /**
   * The most recently pushed tag: from ACR's `_tags?orderby=timedesc` when the registry serves it,
   * otherwise the tag whose image config has the newest `created`. Undefined for an empty repository.
   */
  newestTag(repository: string, options: CallOptions & { platform?: Platform } = {}): Promise<NewestTag | undefined> {
    return newestTag(this, repository, options);
  }

  /** Fetches a manifest or index by tag or digest; verifies its digest. */
  async getManifest(repository: string, reference: string, options: CallOptions = {}): Promise<FetchedManifest> {
    const response = await this.caller.call(
      {
        method: 'GET',
        url: this.url(`/v2/${repository}/manifests/${reference}`),
        scopes: [Scopes.pull(repository)],
        accept: MANIFEST_ACCEPT,
        what: `manifest ${repository}:${reference}`,
        notFound: { kind: 'manifest', repository, reference },
      },
      options,
    );
    const bytes = await this.read(response.body, MANIFEST_LIMIT, options);
    const digest = sha256Digest(bytes);
    const expected = isSha256Digest(reference) ? reference : response.header('docker-content-digest');
    if (expected && isSha256Digest(expected) && expected !== digest) {
      throw new DigestMismatchError(this.loginServer, expected, digest);
    }
    return parseManifest(bytes, digest, response.header('content-type'), this.loginServer);
  }

  /** `HEAD` of a manifest: its descriptor without the body (cheap "has this tag moved?" checks). */
  async headManifest(repository: string, reference: string, options: CallOptions = {}): Promise<Descriptor> {
    const response = await this.caller.call(
      {
        method: 'HEAD',
        url: this.url(`/v2/${repository}/manifests/${reference}`),
        scopes: [Scopes.pull(repository)],
        accept: MANIFEST_ACCEPT,
        what: `manifest ${repository}:${reference}`,
        notFound: { kind: 'manifest', repository, reference },
      },
      options,
    );
    response.body.resume();
    const digest = response.header('docker-content-digest') ?? (isSha256Digest(reference) ? reference : undefined);
    if (!digest)
      throw new RegistryProtocolError(`${this.loginServer}: HEAD without Docker-Content-Digest`, this.loginServer);
    return {
      digest,
      mediaType: response.header('content-type')?.split(';')[0] ?? '',
      size: Number(response.header('content-length') ?? 0),
    };
  }

  /**
   * Resolves a tag or digest to one platform's image: manifest and config. An index is narrowed to
   * `platform` (default linux/amd64, else its first platform when no platform was asked for).
   */
  async getImage(
    repository: string,
    reference: string,
    options: CallOptions & { platform?: Platform } = {},
  ): Promise<ResolvedImage> {
    let fetched = await this.getManifest(repository, reference, options);
    let indexDigest: string | undefined;
    let platform: Platform | undefined;
    if (fetched.kind === 'index') {
      const wanted = options.platform ?? DEFAULT_PLATFORM;
      const chosen =
        selectPlatform(fetched.index, wanted) ??
        (options.platform ? undefined : (platformManifests(fetched.index)[0] ?? fetched.index.manifests[0]));
      if (!chosen) {
        const available = platformManifests(fetched.index)
          .map((m) => (m.platform ? formatPlatform(m.platform) : '?'))
          .join(', ');
        throw new RegistryNotFoundError(
          `${repository}:${reference} has no ${formatPlatform(wanted)} image (has: ${available || 'none'})`,
          this.loginServer,
          { kind: 'manifest', repository, reference },
        );
      }
      indexDigest = fetched.digest;
      platform = chosen.platform;
      fetched = await this.getManifest(repository, chosen.digest, options);
      if (fetched.kind !== 'image') {
        throw new UnsupportedMediaTypeError(
          `nested index in ${repository}@${indexDigest}`,
          this.loginServer,
          fetched.mediaType,
        );
      }
    }
    const config = await this.getConfig(repository, fetched.manifest.config, options);
    platform ??=
      config.os && config.architecture
        ? { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) }
        : undefined;
    return {
      repository,
      digest: fetched.digest,
      ...(indexDigest ? { indexDigest } : {}),
      mediaType: fetched.mediaType,
      manifest: fetched.manifest,
      config,
      platform,
    };
  }

  /** Fetches and parses an image config blob, verifying its digest. */
  async getConfig(
    repository: string,
    descriptor: Pick<Descriptor, 'digest'>,
    options: CallOptions = {},
  ): Promise<ImageConfig> {
    const stream = await this.getBlob(repository, descriptor.digest, options);
    const bytes = await this.read(stream, CONFIG_LIMIT, options);
    try {
      return JSON.parse(bytes.toString('utf8')) as ImageConfig;
    } catch (error) {
      throw new RegistryProtocolError(`config ${descriptor.digest} in ${repository} is not JSON`, this.loginServer, {
        cause: error,
      });
    }
  }

  /**
   * Streams a blob. The stream errors with DigestMismatchError (instead of ending) when the bytes do not
   * hash to `digest` or their count differs from `options.size`. Nothing is buffered beyond stream chunks.
   */
  async getBlob(repository: string, digest: string, options: CallOptions & { size?: number } = {}): Promise<Readable> {
    if (!isSha256Digest(digest)) {
      throw new UnsupportedMediaTypeError(`unsupported digest ${digest}`, this.loginServer, undefined);
    }
    const response = await this.caller.call(
      {
        method: 'GET',
        url: this.url(`/v2/${repository}/blobs/${digest}`),
        scopes: [Scopes.pull(repository)],
        what: `blob ${digest} in ${repository}`,
        notFound: { kind: 'blob', repository, reference: digest },
      },
      options,
    );
    const verifier = new DigestVerifier(this.loginServer, digest, options.size);
    const body = response.body;
    body.on('error', (error) =>
      verifier.destroy(this.caller.mapStreamError(error, response.url, options.signal) as Error),
    );
    verifier.on('close', () => {
      if (!body.readableEnded) body.destroy();
    });
    body.pipe(verifier);
    return verifier;
  }

  /** Closes idle connections. The client is unusable afterwards. */
  async close(): Promise<void> {
    await this.ownedDispatcher?.close();
  }

  private async *pages<T>(
    firstUrl: string,
    scopes: string[],
    what: string,
    options: CallOptions,
    notFound?: CallSpec['notFound'],
  ): AsyncIterable<T> {
    let url: string | undefined = firstUrl;
    while (url) {
      const response = await this.caller.call({ method: 'GET', url, scopes, what, notFound }, options);
      const bytes = await this.read(response.body, LIST_LIMIT, options);
      let page: T;
      try {
        page = JSON.parse(bytes.toString('utf8')) as T;
      } catch (error) {
        throw new RegistryProtocolError(`${what}: response is not JSON`, this.loginServer, { cause: error });
      }
      yield page;
      url = nextLink(response.header('link'), url);
    }
  }

  private async read(body: Readable, limit: number, options: CallOptions): Promise<Buffer> {
    try {
      return await readBody(body, limit);
    } catch (error) {
      throw this.caller.mapStreamError(error, this.baseUrl, options.signal);
    }
  }

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }
}
