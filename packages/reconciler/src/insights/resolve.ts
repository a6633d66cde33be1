/** Finding an image through the API: the integration by login server, then the image by reference. */
import { ScoutApiError } from '@scout-acr/sdk';
import type { Image, Integration, Job, ScoutClient } from '@scout-acr/sdk/client';
import { ImageNotAnalyzedError, ImageNotFoundError } from './errors.js';
import type { ImageReference } from './reference.js';

/** An image found through the API, with the integration (registry) it belongs to. */
export interface ResolvedImage {
  integration: Integration;
  image: Image;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every page of a paged API list. */
export { all as collect };

async function lookup(client: ScoutClient, integration: Integration, ref: ImageReference): Promise<Image[]> {
  try {
    return (await client.images.lookup(integration.id, ref.lookup)).images;
  } catch (error) {
    if (error instanceof ScoutApiError && error.status === 404) return [];
    throw error;
  }
}

/**
 * Resolves a reference to one platform image. An index picks `platform` (`os/arch[/variant]`) or, without it,
 * linux/amd64 when present, else the first platform. Throws {@link ImageNotFoundError} when nothing matches.
 */
export async function resolveImage(
  client: ScoutClient,
  ref: ImageReference,
  platform?: string,
): Promise<ResolvedImage> {
  const integrations = await all(client.integrations.list());
  const candidates = ref.loginServer
    ? integrations.filter((i) => i.loginServer.toLowerCase() === ref.loginServer)
    : integrations;
  if (ref.loginServer && candidates.length === 0)
    throw new ImageNotFoundError(`no integration for registry ${ref.loginServer} in this organization`);
  for (const integration of candidates) {
    const images = (await lookup(client, integration, ref)).filter((i) => i.status !== 'DELETED');
    if (images.length === 0) continue;
    const image = pickPlatform(images, platform);
    if (!image) throw new ImageNotFoundError(`${ref.lookup} has no ${platform} image`);
    return { integration, image };
  }
  throw new ImageNotFoundError(
    ref.loginServer
      ? `image ${ref.loginServer}/${ref.lookup} not found`
      : `image ${ref.lookup} not found in any integration`,
  );
}

/** `os/arch[/variant]` of an image. */
export function platformOf(image: Image): string {
  const p = image.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown';
}

function pickPlatform(images: Image[], platform: string | undefined): Image | undefined {
  if (platform) return images.find((i) => platformOf(i) === platform);
  return images.find((i) => platformOf(i) === 'linux/amd64') ?? images[0];
}

/** The newest job of the image (by repository and tag or digest), to explain why it is not analyzed. */
async function latestJob(client: ScoutClient, integrationId: string, image: Image): Promise<Job | undefined> {
  const refs = new Set([image.digest, image.indexDigest, ...image.tags].filter(Boolean));
  let newest: Job | undefined;
  for await (const job of client.jobs.list(integrationId)) {
    if (job.repository !== image.repository || !job.reference || !refs.has(job.reference)) continue;
    if (!newest || job.createdAt > newest.createdAt) newest = job;
  }
  return newest;
}

/** Throws {@link ImageNotAnalyzedError}, naming the status and the analysis job's state, unless analyzed. */
export async function requireAnalyzed(client: ScoutClient, resolved: ResolvedImage): Promise<void> {
  const { image, integration } = resolved;
  if (image.status === 'ANALYZED') return;
  const job = await latestJob(client, integration.id, image).catch(() => undefined);
  const jobText = job
    ? `; analysis job ${job.id} is ${job.state} (attempt ${job.attempts}/${job.maxAttempts})${job.lastError ? `: ${job.lastError}` : ''}`
    : '; no analysis job found (is the repository enabled? see `scout-acr repo list`)';
  const reason = image.analysisError ? ` (${image.analysisError})` : '';
  throw new ImageNotAnalyzedError(
    `image ${image.repository}@${image.digest} is ${image.status}, not analyzed yet${reason}${jobText}`,
  );
}
