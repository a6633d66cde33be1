import { UnsupportedLayerMediaTypeError } from '../errors.js';

/** How a layer's bytes are compressed. */
export type Compression = 'gzip' | 'zstd' | 'none';

const LAYER_MEDIA_TYPES: Record<string, Compression> = {
  'application/vnd.oci.image.layer.v1.tar': 'none',
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar': 'none',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd': 'zstd',
  'application/vnd.docker.image.rootfs.diff.tar': 'none',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.diff.tar.zstd': 'zstd',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'gzip',
};

/** The compression a layer media type declares; throws for media types that are not layers. */
export function compressionOf(mediaType: string): Compression {
  const compression = LAYER_MEDIA_TYPES[mediaType.split(';')[0]!.trim().toLowerCase()];
  if (!compression) throw new UnsupportedLayerMediaTypeError(mediaType);
  return compression;
}

/**
 * The compression the first bytes reveal, when they reveal one. Some tools label uncompressed layers as gzip
 * (and the reverse); trusting the bytes reads both.
 */
export function sniffCompression(head: Uint8Array): Compression | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // "ustar" at offset 257 marks a tar header; shorter heads cannot tell.
  if (head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') return 'none';
  return undefined;
}
