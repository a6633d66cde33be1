import { UnsupportedMediaTypeError } from './errors.js';
import { baseMediaType, isImageManifestMediaType, isIndexMediaType, MediaTypes } from './media-types.js';
import type { FetchedManifest, ImageIndex, ImageManifest } from './types.js';

/**
 * Parses manifest bytes into an index or an image manifest. The media type comes from the body's
 * `mediaType` field, else `Content-Type`, else the shape (`manifests` → index, `config` → image), as
 * OCI allows the field to be absent. Schema 1 and unknown types are refused.
 */
export function parseManifest(
  bytes: Buffer,
  digest: string,
  contentType: string | undefined,
  registry: string,
): FetchedManifest {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UnsupportedMediaTypeError(`manifest ${digest} is not JSON`, registry, baseMediaType(contentType), {
      cause: error,
    });
  }
  const header = baseMediaType(contentType);
  const declared = typeof body.mediaType === 'string' ? body.mediaType : undefined;
  let mediaType = declared ?? (header && header !== 'application/json' ? header : undefined);
  if (!mediaType) {
    if (Array.isArray(body.manifests)) mediaType = MediaTypes.ociIndex;
    else if (body.config && Array.isArray(body.layers)) mediaType = MediaTypes.ociManifest;
  }
  const size = bytes.length;
  if (isIndexMediaType(mediaType) && Array.isArray(body.manifests)) {
    return { kind: 'index', digest, mediaType: mediaType as string, size, bytes, index: body as unknown as ImageIndex };
  }
  if (isImageManifestMediaType(mediaType) && body.config && Array.isArray(body.layers)) {
    return {
      kind: 'image',
      digest,
      mediaType: mediaType as string,
      size,
      bytes,
      manifest: body as unknown as ImageManifest,
    };
  }
  throw new UnsupportedMediaTypeError(`unsupported manifest media type ${mediaType ?? '(none)'}`, registry, mediaType);
}
