import type { Readable } from 'node:stream';
import type { Logger } from '@scout-acr/sdk';
import {
  type AnalysisLimits,
  catalogLayer,
  ImageBudget,
  type ImageInventory,
  type LayerInventory,
  mergeLayerInventories,
} from '../analysis/index.js';
import type { ImageAnalyzer } from '../images/analyzer.js';
import { PermanentJobError } from '../jobs/worker.js';
import type { RegistryGateway } from '../registry/gateway.js';
import type { ImageKey, ImageRecord, LayerRecord, Store } from '../store/index.js';
import type { AnalysisMetrics } from './analysis-metrics.js';
import { DiffIdMismatchError } from './errors.js';
import { classifyAnalysisError } from './failure.js';

/**
 * Called once an image's packages are stored: the seam where vulnerability matching attaches findings
 * (`src/matching/`). It receives the merged inventory so it need not read the packages back.
 */
export type InventoryListener = (image: ImageRecord, inventory: ImageInventory) => Promise<void>;

export interface PackageAnalyzerOptions {
  store: Store;
  metrics: AnalysisMetrics;
  logger: Logger;
  now: () => number;
  /** Per-image limits (uncompressed bytes, files, expansion ratio). */
  limits?: Partial<AnalysisLimits>;
  /** Runs after the packages are stored; its failure fails the analysis (and the job retries). */
  onInventory?: InventoryListener;
}

/** How one image's layers were obtained. */
interface LayerTally {
  read: number;
  cached: number;
}

/**
 * The package analyzer the image job runs by default. Per image: each layer's inventory comes from the cache
 * (by the layer's blob digest → diffID) or is computed by streaming the blob from the registry through
 * `catalogLayer` (never a whole layer in memory) and cached; the inventories are merged base-first (whiteouts
 * and overwrites applied) and the distro and packages stored with the image, which becomes `ANALYZED`.
 * A corrupt, mismatched, hostile or oversized layer ends the analysis with a permanent, stated reason
 * (`PermanentJobError`: no retry); registry and network trouble is transient (the job retries).
 */
export class PackageAnalyzer implements ImageAnalyzer {
  constructor(private readonly options: PackageAnalyzerOptions) {}

  async analyze(image: ImageRecord, context: { gateway: RegistryGateway; signal: AbortSignal }): Promise<void> {
    const { store, metrics, logger, now } = this.options;
    const key: ImageKey = { integrationId: image.integrationId, repository: image.repository, digest: image.digest };
    const started = performance.now();
    const tally: LayerTally = { read: 0, cached: 0 };
    try {
      const budget = new ImageBudget(this.options.limits);
      const layers: LayerInventory[] = [];
      for (const layer of image.layers) {
        context.signal.throwIfAborted();
        layers.push(await this.#layerInventory(image.repository, layer, budget, context, tally));
      }
      const inventory = mergeLayerInventories(layers);
      const durationMs = performance.now() - started;
      await store.saveImageAnalysis(
        key,
        {
          distro: inventory.distro,
          packages: inventory.packages,
          errors: inventory.errors,
          durationMs,
          layersRead: tally.read,
          layersCached: tally.cached,
        },
        now(),
      );
      await this.options.onInventory?.(image, inventory);
      metrics.duration.observe(durationMs / 1000, { outcome: 'analyzed' });
      metrics.analyses.inc({ outcome: 'analyzed', code: '' });
      logger.info(
        {
          repository: image.repository,
          digest: image.digest,
          packages: inventory.packages.length,
          distro: inventory.distro?.id,
          layersRead: tally.read,
          layersCached: tally.cached,
          ms: Math.round(durationMs),
        },
        'image analyzed',
      );
    } catch (error) {
      if (context.signal.aborted) throw error; // shutdown: the job is released, not failed
      const failure = classifyAnalysisError(error);
      metrics.duration.observe((performance.now() - started) / 1000, { outcome: 'failed' });
      metrics.analyses.inc({ outcome: 'failed', code: failure.code });
      await store.recordAnalysisFailure(key, failure.reason.slice(0, 2000), failure.permanent, now());
      logger.warn(
        { repository: image.repository, digest: image.digest, code: failure.code, permanent: failure.permanent },
        'image analysis failed',
      );
      throw failure.permanent ? new PermanentJobError(failure.reason) : new Error(failure.reason, { cause: error });
    }
  }

  async #layerInventory(
    repository: string,
    layer: LayerRecord,
    budget: ImageBudget,
    context: { gateway: RegistryGateway; signal: AbortSignal },
    tally: LayerTally,
  ): Promise<LayerInventory> {
    const { store, metrics, now } = this.options;
    const cached = await store.getCachedLayer(layer.digest);
    if (cached) {
      checkDiffId(layer, cached.diffId);
      budget.addBytes(cached.uncompressedBytes);
      tally.cached++;
      metrics.layers.inc({ source: 'cached' });
      return cached.inventory;
    }
    const stream = await context.gateway.blobStream(repository, layer.digest, layer.size || undefined);
    const { inventory, scan } = await readAbortably(stream, context.signal, (source) =>
      // The gateway's blob streams are digest-verified (they error instead of ending on a mismatch).
      catalogLayer(source, {
        mediaType: layer.mediaType,
        budget,
        expectedDigest: layer.digest,
        sourceVerifiesDigest: true,
      }),
    );
    checkDiffId(layer, scan.diffId);
    tally.read++;
    metrics.layers.inc({ source: 'read' });
    metrics.layerBytes.inc({ kind: 'compressed' }, scan.compressedBytes);
    metrics.layerBytes.inc({ kind: 'uncompressed' }, scan.uncompressedBytes);
    await store.putCachedLayer(
      {
        digest: scan.digest,
        diffId: scan.diffId,
        inventory,
        compressedBytes: scan.compressedBytes,
        uncompressedBytes: scan.uncompressedBytes,
      },
      now(),
    );
    return inventory;
  }
}

function checkDiffId(layer: LayerRecord, actual: string): void {
  if (layer.diffId && layer.diffId !== actual) throw new DiffIdMismatchError(layer.digest, layer.diffId, actual);
}

/** Destroys the blob stream when the job is aborted (shutdown), so no socket is left reading. */
async function readAbortably<T>(stream: Readable, signal: AbortSignal, read: (s: Readable) => Promise<T>): Promise<T> {
  const abort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', abort, { once: true });
  try {
    return await read(stream);
  } finally {
    signal.removeEventListener('abort', abort);
    if (!stream.destroyed) stream.destroy();
  }
}
