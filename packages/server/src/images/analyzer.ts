import type { RegistryGateway } from '../registry/gateway.js';
import type { ImageRecord } from '../store/index.js';

/**
 * The seam for package and vulnerability analysis (built in `src/analysis/`). The image job calls it after an
 * image is recorded; it may stream layers through `gateway`. Resolving marks the image `ANALYZED`; throwing
 * marks it `FAILED` and the job is retried.
 */
export interface ImageAnalyzer {
  analyze(image: ImageRecord, context: { gateway: RegistryGateway; signal: AbortSignal }): Promise<void>;
}
