import type { RegistryClient } from './client.js';
import type { CallOptions } from './client-options.js';
import { RegistryNotFoundError } from './errors.js';
import type { NewestTag, Platform } from './types.js';

/** How many images the fallback inspects at once. */
const FALLBACK_CONCURRENCY = 4;

/**
 * The newest tag of a repository. ACR answers in one call (`_tags?orderby=timedesc&n=1`); registries
 * without that API (404 with no registry error code) fall back to listing tags and comparing the
 * `created` time of each tag's image config, which costs a manifest and a config read per tag.
 */
export async function newestTag(
  client: RegistryClient,
  repository: string,
  options: CallOptions & { platform?: Platform },
): Promise<NewestTag | undefined> {
  try {
    for await (const tag of client.acrTags(repository, { ...options, pageSize: 1 })) {
      return { name: tag.name, digest: tag.digest, updatedAt: tag.lastUpdateTime ?? tag.createdTime, source: 'acr' };
    }
    return undefined;
  } catch (error) {
    if (!isMissingApi(error)) throw error;
  }
  return newestByConfigCreated(client, repository, options);
}

/** A 404 that names no repository/manifest error: the registry does not have the ACR API at all. */
function isMissingApi(error: unknown): boolean {
  if (!(error instanceof RegistryNotFoundError)) return false;
  const code = (error.cause as { code?: string } | undefined)?.code;
  return code === undefined;
}

async function newestByConfigCreated(
  client: RegistryClient,
  repository: string,
  options: CallOptions & { platform?: Platform },
): Promise<NewestTag | undefined> {
  const tags: string[] = [];
  for await (const tag of client.tags(repository, options)) tags.push(tag);
  let best: NewestTag | undefined;
  let bestTime = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < tags.length; i += FALLBACK_CONCURRENCY) {
    const batch = tags.slice(i, i + FALLBACK_CONCURRENCY);
    const images = await Promise.all(
      batch.map(async (name) => {
        const image = await client.getImage(repository, name, options);
        return { name, digest: image.indexDigest ?? image.digest, created: image.config.created };
      }),
    );
    for (const image of images) {
      const time = image.created ? Date.parse(image.created) : Number.NaN;
      const value = Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
      // Ties (same second) keep the lexically greatest name, so the answer is deterministic.
      if (!best || value > bestTime || (value === bestTime && image.name > best.name)) {
        best = { name: image.name, digest: image.digest, updatedAt: image.created, source: 'config-created' };
        bestTime = value;
      }
    }
  }
  return best;
}
