/**
 * Builds OCI image layouts (https://github.com/opencontainers/image-spec/blob/main/image-layout.md) from
 * in-memory file trees: tar layers (gzip, zstd or none), a config with `created`, `rootfs.diff_ids`, labels
 * and platform, single-platform manifests and multi-platform indexes. `skopeo copy oci:<dir>:<tag>` pushes them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Compression, compress, LAYER_MEDIA_TYPES } from './compress.js';
import { buildTar, type FileTree } from './tar.js';

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export interface LayerSpec {
  files: FileTree;
  /** Default gzip. */
  compression?: Compression;
}

export interface ImageSpec {
  layers: LayerSpec[];
  /** Default linux/amd64. */
  platform?: PlatformSpec;
  /** RFC 3339; default 2024-01-01T00:00:00Z. */
  created?: string;
  labels?: Record<string, string>;
  env?: string[];
  cmd?: string[];
  /** History entries' `created_by`, one per layer (defaults are generated). */
  createdBy?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: PlatformSpec;
  annotations?: Record<string, string>;
}

export interface BuiltImage {
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
  diffIds: string[];
  platform: PlatformSpec;
}

export interface BuiltLayout {
  dir: string;
  tag: string;
  /** What `tag` points at: the manifest for one image, the index for several. */
  top: Descriptor;
  images: BuiltImage[];
  /** Every blob digest in the layout (manifests, configs, layers, index). */
  blobs: string[];
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

class BlobWriter {
  readonly digests = new Set<string>();
  constructor(private readonly dir: string) {}

  async write(data: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = sha256(data);
    await writeFile(join(this.dir, 'blobs', 'sha256', digest.slice(7)), data);
    this.digests.add(digest);
    return { mediaType, digest, size: data.length };
  }
}

async function buildImage(blobs: BlobWriter, spec: ImageSpec): Promise<BuiltImage> {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const created = spec.created ?? '2024-01-01T00:00:00Z';
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const layer of spec.layers) {
    const tar = buildTar(layer.files);
    const compression = layer.compression ?? 'gzip';
    diffIds.push(sha256(tar));
    layers.push(await blobs.write(await compress(tar, compression), LAYER_MEDIA_TYPES[compression]));
  }
  const config = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: {
      Env: spec.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      ...(spec.labels ? { Labels: spec.labels } : {}),
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: spec.layers.map((_, i) => ({ created, created_by: spec.createdBy?.[i] ?? `scout-acr test layer ${i}` })),
  };
  const configDescriptor = await blobs.write(Buffer.from(JSON.stringify(config)), OCI_CONFIG);
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers };
  const manifestDescriptor = await blobs.write(Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST);
  return { manifest: manifestDescriptor, config: configDescriptor, layers, diffIds, platform };
}

/**
 * Writes an OCI layout to `dir` holding one image (`image`) or a multi-platform index (`index`), tagged `tag`
 * (default `latest`) through the `org.opencontainers.image.ref.name` annotation skopeo reads.
 */
export async function buildOciLayout(
  options: { dir: string; tag?: string } & ({ image: ImageSpec } | { index: ImageSpec[] }),
): Promise<BuiltLayout> {
  const tag = options.tag ?? 'latest';
  await mkdir(join(options.dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(options.dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const blobs = new BlobWriter(options.dir);
  const specs = 'image' in options ? [options.image] : options.index;
  const images: BuiltImage[] = [];
  for (const spec of specs) images.push(await buildImage(blobs, spec));
  let top: Descriptor;
  if ('image' in options) {
    top = (images[0] as BuiltImage).manifest;
  } else {
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: images.map((image) => ({ ...image.manifest, platform: image.platform })),
    };
    top = await blobs.write(Buffer.from(JSON.stringify(index)), OCI_INDEX);
  }
  await writeFile(
    join(options.dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { dir: options.dir, tag, top, images, blobs: [...blobs.digests] };
}

/** Reads a blob of a built layout (tests compare what the registry serves against it). */
export function readLayoutBlob(dir: string, digest: string): Promise<Buffer> {
  return readFile(join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, '')));
}
