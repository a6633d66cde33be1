import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FetchedManifest, RegistryCredentials, RegistryGateway, RegistryGatewayFactory } from '../../src/index.js';

const digestOf = (value: unknown) => `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;

export interface FakePushOptions {
  platforms?: Array<{ os: string; architecture: string; variant?: string }>;
  labels?: Record<string, string>;
  layers?: number;
}

/**
 * An in-memory registry behind the RegistryGateway port: repositories, tags (newest last), manifests, indexes
 * and configs. `failNext`/`failAlways` inject registry errors; `calls` counts operations.
 */
export class FakeRegistry {
  readonly repos = new Map<string, string[]>();
  readonly tags = new Map<string, string>(); // `${repo}:${tag}` → digest
  readonly manifests = new Map<string, FetchedManifest>();
  readonly configs = new Map<string, Record<string, unknown>>();
  readonly calls: string[] = [];
  /** Password the fake accepts; anything else fails like ACR does (401). */
  password = 'correct-horse-battery-staple';
  failure: Error | undefined;
  #seq = 0;

  push(repository: string, tag: string, options: FakePushOptions = {}): string {
    const platforms = options.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
    const images = platforms.map((platform) => {
      const n = ++this.#seq;
      const layers = Array.from({ length: options.layers ?? 2 }, (_, i) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: digestOf({ n, layer: i }),
        size: 1000 + i,
      }));
      const config = {
        ...platform,
        created: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
        config: { Labels: options.labels ?? { 'org.opencontainers.image.title': repository } },
        rootfs: { type: 'layers', diff_ids: layers.map((_, i) => digestOf({ n, diff: i })) },
      };
      const configDigest = digestOf(config);
      this.configs.set(configDigest, config);
      const body = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: 100 },
        layers,
      };
      const manifest = { digest: digestOf(body), mediaType: body.mediaType, body };
      this.manifests.set(manifest.digest, manifest);
      return { manifest, platform };
    });
    let top: FetchedManifest;
    if (options.platforms) {
      const body = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          ...images.map(({ manifest, platform }) => ({
            mediaType: manifest.mediaType,
            digest: manifest.digest,
            size: 500,
            platform,
          })),
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: digestOf({ attestation: this.#seq }),
            size: 10,
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
          },
        ],
      };
      top = { digest: digestOf(body), mediaType: body.mediaType, body };
      this.manifests.set(top.digest, top);
    } else top = (images[0] as { manifest: FetchedManifest }).manifest;
    const tags = this.repos.get(repository) ?? [];
    this.repos.set(repository, [...tags.filter((t) => t !== tag), tag]);
    this.tags.set(`${repository}:${tag}`, top.digest);
    return top.digest;
  }

  factory(): RegistryGatewayFactory {
    return (credentials: RegistryCredentials) => this.gateway(credentials);
  }

  gateway(credentials: RegistryCredentials): RegistryGateway {
    const check = (op: string) => {
      this.calls.push(op);
      if (this.failure) throw this.failure;
      if (credentials.password.reveal() !== this.password) {
        throw Object.assign(new Error('authentication required'), { status: 401, code: 'Unauthorized' });
      }
    };
    const notFound = (what: string) => Object.assign(new Error(`${what} not found`), { status: 404, code: 'NotFound' });
    return {
      checkAccess: async () => check('checkAccess'),
      catalog: async () => {
        check('catalog');
        return [...this.repos.keys()].sort();
      },
      newestTag: async (repository) => {
        check('newestTag');
        return this.repos.get(repository)?.at(-1);
      },
      manifest: async (repository, reference) => {
        check('manifest');
        const digest = reference.startsWith('sha256:') ? reference : this.tags.get(`${repository}:${reference}`);
        const manifest = digest ? this.manifests.get(digest) : undefined;
        if (!manifest) throw notFound(`manifest ${repository}:${reference}`);
        return manifest;
      },
      blobJson: async (_repository, digest) => {
        check('blob');
        const config = this.configs.get(digest);
        if (!config) throw notFound(`blob ${digest}`);
        return config;
      },
      blobStream: async () => {
        check('blob');
        return Readable.from([]);
      },
    };
  }
}
