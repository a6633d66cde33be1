import type { FetchedManifest } from '../registry/gateway.js';
import type { LayerRecord } from '../store/index.js';

/** Pure helpers that read OCI / Docker v2 manifests and image configs. */

export const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export interface IndexEntry {
  digest: string;
  mediaType: string;
  platform: { os: string; architecture: string; variant?: string } | null;
}

export function isIndex(manifest: FetchedManifest): boolean {
  return INDEX_MEDIA_TYPES.has(manifest.mediaType) || Array.isArray(manifest.body.manifests);
}

/** Platform entries of an index; attestation manifests (`unknown/unknown`, buildx) are not images. */
export function indexEntries(index: FetchedManifest): IndexEntry[] {
  const list = (index.body.manifests as Array<Record<string, unknown>> | undefined) ?? [];
  return list
    .filter((m) => {
      const annotations = (m.annotations ?? {}) as Record<string, string>;
      const platform = m.platform as { os?: string } | undefined;
      return annotations['vnd.docker.reference.type'] !== 'attestation-manifest' && platform?.os !== 'unknown';
    })
    .map((m) => {
      const p = m.platform as { os?: string; architecture?: string; variant?: string } | undefined;
      return {
        digest: String(m.digest),
        mediaType: String(m.mediaType ?? ''),
        platform:
          p?.os && p.architecture
            ? { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) }
            : null,
      };
    });
}

export function configDigest(manifest: FetchedManifest): string | undefined {
  const config = manifest.body.config as { digest?: string } | undefined;
  return config?.digest;
}

/** Layers zipped with the config's `rootfs.diff_ids` (the uncompressed digests, used as analysis cache keys). */
export function layersOf(manifest: FetchedManifest, config: Record<string, unknown> | undefined): LayerRecord[] {
  const layers = (manifest.body.layers as Array<Record<string, unknown>> | undefined) ?? [];
  const diffIds = ((config?.rootfs as { diff_ids?: string[] } | undefined)?.diff_ids ?? []) as string[];
  return layers.map((layer, i) => ({
    digest: String(layer.digest),
    diffId: diffIds[i] ?? null,
    size: Number(layer.size ?? 0),
    mediaType: String(layer.mediaType ?? ''),
  }));
}

export function platformOfConfig(config: Record<string, unknown> | undefined) {
  if (!config || typeof config.os !== 'string' || typeof config.architecture !== 'string') return null;
  return {
    os: config.os,
    architecture: config.architecture,
    ...(typeof config.variant === 'string' ? { variant: config.variant } : {}),
  };
}

export function labelsOfConfig(config: Record<string, unknown> | undefined): Record<string, string> {
  const labels = (config?.config as { Labels?: Record<string, unknown> | null } | undefined)?.Labels ?? {};
  return Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)]));
}

export function createdOfConfig(config: Record<string, unknown> | undefined): string | null {
  return typeof config?.created === 'string' ? config.created : null;
}
