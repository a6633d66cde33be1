import { LayerAnalysisError } from '../analysis/index.js';

/**
 * The image config's `rootfs.diff_ids` names another layer than the one the manifest's blob holds. Container
 * runtimes refuse such images; the analyzer does too, since the config would otherwise misdescribe the image.
 */
export class DiffIdMismatchError extends LayerAnalysisError {
  constructor(
    readonly layerDigest: string,
    readonly claimed: string,
    readonly actual: string,
  ) {
    super(`layer ${layerDigest} has diffID ${actual} but the image config claims ${claimed}`, 'DiffIdMismatch');
  }
}
