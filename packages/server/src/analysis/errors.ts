import { ScoutAcrError } from '@scout-acr/sdk/errors';

/**
 * Errors raised while reading an image's layers. All are terminal (a retry reads the same bytes) and carry
 * a stable `code` so the server can store why an analysis failed.
 */
export class LayerAnalysisError extends ScoutAcrError {
  constructor(message: string, code: string, cause?: unknown) {
    super(message, { code, transient: false, cause });
  }
}

/** The image's layers decompress to more bytes than the configured limit. */
export class ImageTooLargeError extends LayerAnalysisError {
  constructor(readonly limitBytes: number) {
    super(`image exceeds the uncompressed size limit of ${limitBytes} bytes`, 'ImageTooLarge');
  }
}

/** The image's layers hold more tar entries than the configured limit. */
export class TooManyFilesError extends LayerAnalysisError {
  constructor(readonly limitFiles: number) {
    super(`image exceeds the limit of ${limitFiles} files`, 'TooManyFiles');
  }
}

/** A layer expands far more than real layers do: a decompression bomb. */
export class DecompressionBombError extends LayerAnalysisError {
  constructor(
    readonly compressedBytes: number,
    readonly uncompressedBytes: number,
    readonly maxRatio: number,
  ) {
    super(
      `layer expanded ${compressedBytes} compressed bytes to ${uncompressedBytes} (more than ${maxRatio}x): refusing a likely decompression bomb`,
      'DecompressionBomb',
    );
  }
}

/** A tar entry (or hard-link target) names a path outside the image root, such as `../etc/passwd`. */
export class PathEscapeError extends LayerAnalysisError {
  constructor(readonly entryPath: string) {
    super(`layer entry ${JSON.stringify(entryPath)} escapes the image root`, 'PathEscape');
  }
}

/** The layer is not a well-formed (optionally compressed) tar stream. */
export class CorruptLayerError extends LayerAnalysisError {
  constructor(message: string, cause?: unknown) {
    super(`corrupt layer: ${message}`, 'CorruptLayer', cause);
  }
}

/** The layer's media type is not one scout-acr can read. */
export class UnsupportedLayerMediaTypeError extends LayerAnalysisError {
  constructor(readonly mediaType: string) {
    super(`unsupported layer media type ${JSON.stringify(mediaType)}`, 'UnsupportedLayerMediaType');
  }
}

/** The compressed bytes do not hash to the digest the manifest promised. */
export class LayerDigestMismatchError extends LayerAnalysisError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`layer digest mismatch: expected ${expected}, got ${actual}`, 'LayerDigestMismatch');
  }
}
