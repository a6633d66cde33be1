import type { Descriptor, ImageIndex, Platform } from './types.js';

/** The platform requested when none is given: what most registries' users deploy. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const DEFAULT_VARIANTS: Record<string, string> = { arm64: 'v8', arm: 'v7' };

function normalise(platform: Platform): Required<Pick<Platform, 'os' | 'architecture'>> & { variant?: string } {
  const architecture = platform.architecture.toLowerCase();
  const variant = platform.variant?.toLowerCase() ?? DEFAULT_VARIANTS[architecture];
  return { os: platform.os.toLowerCase(), architecture, ...(variant ? { variant } : {}) };
}

/** True when `candidate` satisfies `wanted` (`arm64` ≡ `arm64/v8`; a wanted variant must match). */
export function platformMatches(candidate: Platform | undefined, wanted: Platform): boolean {
  if (!candidate) return false;
  const c = normalise(candidate);
  const w = normalise(wanted);
  if (c.os !== w.os || c.architecture !== w.architecture) return false;
  return w.variant === undefined || c.variant === undefined || c.variant === w.variant;
}

/** Image entries of an index, without attestation manifests (`unknown/unknown` platforms). */
export function platformManifests(index: ImageIndex): Descriptor[] {
  return index.manifests.filter(
    (m) =>
      m.platform &&
      m.platform.os !== 'unknown' &&
      m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
}

/**
 * Picks the manifest for `wanted` from an index: an exact variant match wins over a variant-less one;
 * undefined when the index has no such platform.
 */
export function selectPlatform(index: ImageIndex, wanted: Platform): Descriptor | undefined {
  const candidates = platformManifests(index).filter((m) => platformMatches(m.platform, wanted));
  const w = normalise(wanted);
  return candidates.find((m) => m.platform && normalise(m.platform).variant === w.variant) ?? candidates[0];
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
