import { ImageTooLargeError, TooManyFilesError } from './errors.js';

/** Limits that protect the analyzer from hostile or absurd images. */
export interface AnalysisLimits {
  /** Uncompressed bytes across all layers of one image (default 10 GB). */
  maxImageBytes: number;
  /** Tar entries across all layers of one image (default 2,000,000). */
  maxFiles: number;
  /** Largest uncompressed/compressed ratio a layer may reach once past `ratioGraceBytes` (default 500). */
  maxExpansionRatio: number;
  /** Uncompressed bytes a layer may produce before the ratio is enforced (default 16 MiB). */
  ratioGraceBytes: number;
}

export const DEFAULT_ANALYSIS_LIMITS: Readonly<AnalysisLimits> = Object.freeze({
  maxImageBytes: 10_000_000_000,
  maxFiles: 2_000_000,
  // gzip cannot exceed ~1032:1; real layers stay far below 100:1 even for sparse files.
  maxExpansionRatio: 500,
  ratioGraceBytes: 16 * 1024 * 1024,
});

/**
 * The running totals of one image, shared by the scans of its layers so that the limits hold per image,
 * not per layer. Create one per image analysis.
 */
export class ImageBudget {
  readonly limits: AnalysisLimits;
  bytes = 0;
  files = 0;

  constructor(limits: Partial<AnalysisLimits> = {}) {
    this.limits = { ...DEFAULT_ANALYSIS_LIMITS, ...limits };
  }

  addBytes(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxImageBytes) throw new ImageTooLargeError(this.limits.maxImageBytes);
  }

  addFile(): void {
    this.files += 1;
    if (this.files > this.limits.maxFiles) throw new TooManyFilesError(this.limits.maxFiles);
  }
}
