import type { Distro, ImageInventory, ImagePackage, LayerInventory } from '../analysis/index.js';

/**
 * Persistence of image analysis: the per-layer inventory cache and each image's packages. Part of `Store`
 * (see `types.ts`); kept in its own file so the analysis schema reads in one place.
 */

/** Names one image row: images are unique per (integration, repository, manifest digest). */
export interface ImageKey {
  integrationId: string;
  repository: string;
  digest: string;
}

/** A cached layer inventory, found through the compressed blob digest that was read to compute it. */
export interface CachedLayer {
  diffId: string;
  inventory: LayerInventory;
  /** Size of the uncompressed tar, counted against the image's size limit as if read. */
  uncompressedBytes: number;
}

export interface LayerInventoryInsert {
  /** The compressed blob digest the bytes were read from (verified by the read). */
  digest: string;
  /** The diffID computed while reading (never the one an image config claims). */
  diffId: string;
  inventory: LayerInventory;
  compressedBytes: number;
  uncompressedBytes: number;
}

/** The result of one successful analysis, stored with the image. */
export interface ImageAnalysisInsert {
  distro: Distro | undefined;
  packages: ImagePackage[];
  errors: ImageInventory['errors'];
  durationMs: number;
  layersRead: number;
  layersCached: number;
}

/** What an image row says about its analysis (absent until the first attempt ends). */
export interface ImageAnalysisSummary {
  /** Null while the image has never been analyzed successfully. */
  analyzedAt: number | null;
  distro: Distro | null;
  packageCount: number | null;
  durationMs: number | null;
  layersRead: number | null;
  layersCached: number | null;
  /** Why the last attempt failed (`CorruptLayer: …`); null after a success. */
  error: string | null;
  /** True when the failure cannot be fixed by retrying (a corrupt or hostile layer). */
  errorPermanent: boolean;
  /** Findings per severity at the last matching; null until matched (no vulnerability database yet). */
  vulnerabilities?: { critical: number; high: number; medium: number; low: number; unspecified: number } | null;
  /** `importedAt` of the vulnerability database of the last matching. */
  vulnDbVersion?: string | null;
  matchedAt?: number | null;
}

/** A package page request: sorted by (type, name, version), strictly after `after`. */
export interface PackageQuery {
  type?: string | undefined;
  /** Case-insensitive substring of the package name. */
  name?: string | undefined;
  after?: number | undefined;
  limit: number;
}

export interface StoredPackage extends ImagePackage {
  /** Position in the image's sorted package list (the pagination key). */
  ord: number;
}

export interface AnalysisStore {
  /** The inventory cached for the layer blob `digest`, or undefined when that blob was never read. */
  getCachedLayer(digest: string): Promise<CachedLayer | undefined>;
  /** Caches a layer inventory by diffID and remembers which blob digest gave that diffID. Idempotent. */
  putCachedLayer(layer: LayerInventoryInsert, now: number): Promise<void>;
  /** Number of cached layer inventories (one per distinct diffID). */
  countCachedLayers(): Promise<number>;
  /** Replaces the image's packages and analysis summary, and marks it `ANALYZED`, in one transaction. */
  saveImageAnalysis(image: ImageKey, analysis: ImageAnalysisInsert, now: number): Promise<void>;
  /** Records why an analysis attempt failed (packages of an earlier success are kept). */
  recordAnalysisFailure(image: ImageKey, error: string, permanent: boolean, now: number): Promise<void>;
  getImageAnalysis(image: ImageKey): Promise<ImageAnalysisSummary | undefined>;
  /** One page of the image's packages; undefined when the image does not exist. */
  listImagePackages(image: ImageKey, query: PackageQuery): Promise<StoredPackage[] | undefined>;
}
