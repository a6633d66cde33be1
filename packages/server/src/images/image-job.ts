import { redactText } from '@scout-acr/sdk';
import type { ServerContext } from '../context.js';
import { credentialsOf } from '../integrations/service.js';
import { type JobHandler, PermanentJobError } from '../jobs/worker.js';
import type { FetchedManifest, RegistryGateway } from '../registry/gateway.js';
import type { ImageRecord, JobRow } from '../store/index.js';
import type { ImageJobPayload } from '../webhook/events-to-records.js';
import type { ImageAnalyzer } from './analyzer.js';
import {
  configDigest,
  createdOfConfig,
  indexEntries,
  isIndex,
  labelsOfConfig,
  layersOf,
  platformOfConfig,
} from './manifest.js';

/** Job kinds: a pushed image, a deleted manifest, and the latest image of a newly activated repository. */
export const JOB_KINDS = { pushed: 'image.pushed', deleted: 'image.deleted', latest: 'repository.latest' } as const;

async function recordManifest(
  gateway: RegistryGateway,
  base: { integrationId: string; repository: string },
  manifest: FetchedManifest,
  indexDigest: string | null,
  platformHint: ImageRecord['platform'],
): Promise<ImageRecord> {
  const digest = configDigest(manifest);
  if (!digest) throw new PermanentJobError(`manifest ${manifest.digest} has no config`);
  const config = await gateway.blobJson(base.repository, digest);
  return {
    ...base,
    digest: manifest.digest,
    indexDigest,
    mediaType: manifest.mediaType,
    platform: platformOfConfig(config) ?? platformHint,
    layers: layersOf(manifest, config),
    created: createdOfConfig(config),
    labels: labelsOfConfig(config),
  };
}

/**
 * Records the image(s) a reference names: an index becomes one image per platform. Then hands each to the
 * analyzer seam. Idempotent: a rerun after a crash upserts the same rows.
 */
export function createImageJobHandlers(ctx: ServerContext, analyzer?: ImageAnalyzer): Record<string, JobHandler> {
  async function record(job: JobRow, signal: AbortSignal, payload: ImageJobPayload): Promise<void> {
    const integration = await ctx.store.getIntegrationForWebhook(job.integrationId);
    if (!integration) return; // deleted meanwhile: nothing to do
    const credentials = credentialsOf(ctx, integration);
    const gateway = ctx.gateways(credentials);
    try {
      await recordWith(gateway, integration.id, job, signal, payload);
    } catch (error) {
      // Registries may echo what they were sent: never let the password reach the job record or the log.
      throw redactError(error, [credentials.password.reveal()]);
    }
  }

  async function recordWith(
    gateway: RegistryGateway,
    integrationId: string,
    _job: JobRow,
    signal: AbortSignal,
    payload: ImageJobPayload,
  ): Promise<void> {
    const integration = { id: integrationId };
    let tag = payload.tag;
    if (!payload.digest && !tag) {
      tag = await gateway.newestTag(payload.repository);
      if (!tag) return; // an empty repository: nothing to analyze yet
    }
    const reference = payload.digest ?? (tag as string);
    const top = await withRegistryMetric(ctx, 'manifest', () => gateway.manifest(payload.repository, reference));
    const base = { integrationId: integration.id, repository: payload.repository };
    const images: ImageRecord[] = [];
    if (isIndex(top)) {
      for (const entry of indexEntries(top)) {
        signal.throwIfAborted();
        const child = await withRegistryMetric(ctx, 'manifest', () =>
          gateway.manifest(payload.repository, entry.digest),
        );
        images.push(await recordManifest(gateway, base, child, top.digest, entry.platform));
      }
    } else {
      images.push(await recordManifest(gateway, base, top, null, null));
    }
    const now = ctx.now();
    for (const image of images) await ctx.store.upsertImage(image, now);
    if (tag) await ctx.store.setTag(integration.id, payload.repository, tag, top.digest, now);
    if (analyzer) {
      for (const image of images) {
        signal.throwIfAborted();
        try {
          await analyzer.analyze(image, { gateway, signal });
          await ctx.store.setImageStatus(integration.id, image.repository, image.digest, 'ANALYZED');
        } catch (error) {
          await ctx.store.setImageStatus(integration.id, image.repository, image.digest, 'FAILED');
          throw error;
        }
      }
    }
  }

  return {
    [JOB_KINDS.pushed]: (job, signal) => record(job, signal, job.payload as ImageJobPayload),
    [JOB_KINDS.latest]: (job, signal) => record(job, signal, job.payload as ImageJobPayload),
    [JOB_KINDS.deleted]: async (job) => {
      const payload = job.payload as ImageJobPayload;
      if (!payload.digest) throw new PermanentJobError('an ImageDeleted job needs a digest');
      await ctx.store.markImageDeleted(job.integrationId, payload.repository, payload.digest, ctx.now());
    },
  };
}

function redactError(error: unknown, secrets: string[]): Error {
  const message = redactText(error instanceof Error ? error.message : String(error), secrets);
  return error instanceof PermanentJobError ? new PermanentJobError(message) : new Error(message);
}

async function withRegistryMetric<T>(ctx: ServerContext, operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    ctx.metrics.registryErrors.inc({ operation });
    throw error;
  }
}
