import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError } from './errors.js';

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

export function sha256Digest(bytes: Buffer | Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A pass-through stream that hashes what flows through it and fails at the end (before signalling
 * completion) when the bytes do not match `expected` or their count differs from `expectedSize`.
 * Consumers therefore never see a clean end of a corrupted blob; nothing is buffered.
 */
export class DigestVerifier extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly registry: string,
    private readonly expected: string,
    private readonly expectedSize?: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.expectedSize !== undefined && this.bytes > this.expectedSize) {
      callback(new DigestMismatchError(this.registry, this.expected, `(more than ${this.expectedSize} bytes)`));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = `sha256:${this.hash.digest('hex')}`;
    if (actual !== this.expected) {
      callback(new DigestMismatchError(this.registry, this.expected, actual));
    } else if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      callback(new DigestMismatchError(this.registry, this.expected, `(${this.bytes} of ${this.expectedSize} bytes)`));
    } else {
      callback();
    }
  }
}
