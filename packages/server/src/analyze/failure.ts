import { LayerAnalysisError } from '../analysis/index.js';

/** Why an analysis attempt failed, and whether trying again could change the outcome. */
export interface AnalysisFailure {
  /** Stable code: `CorruptLayer`, `LayerDigestMismatch`, `DecompressionBomb`, `PathEscape`, `Registry`… */
  code: string;
  /** `<code>: <message>`, stored on the image and the job. */
  reason: string;
  permanent: boolean;
}

/** Codes of registry errors that a retry cannot fix: the stored bytes are what they are. */
const PERMANENT_REGISTRY_CODES = new Set(['DigestMismatch', 'UnsupportedMediaType']);

/**
 * Classifies an analysis error.
 * - Permanent: every `LayerAnalysisError` (corrupt tar/gzip/zstd, a digest mismatch, a decompression bomb, a
 *   path-escaping entry, an image over the size or file limits, an unsupported media type). The registry
 *   serves the same content-addressed bytes next time, so a retry reads the same bad layer: fail once, clearly.
 *   The SDK's `DigestMismatch` (the blob's bytes do not hash to its digest, e.g. corrupt registry storage) is
 *   the same case seen one step earlier.
 * - Transient: anything else (connection resets, timeouts, 429/5xx, a token refresh race, a blob not yet
 *   replicated): the job retries with back-off, up to its attempt limit.
 */
export function classifyAnalysisError(error: unknown): AnalysisFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof LayerAnalysisError) {
    return { code: error.code, reason: `${error.code}: ${message}`, permanent: true };
  }
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'Error';
  if (PERMANENT_REGISTRY_CODES.has(code)) {
    const normalized = code === 'DigestMismatch' ? 'LayerDigestMismatch' : code;
    return { code: normalized, reason: `${normalized}: ${message}`, permanent: true };
  }
  return { code, reason: `${code}: ${message}`, permanent: false };
}
