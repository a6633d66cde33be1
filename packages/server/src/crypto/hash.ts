import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares sha256(candidate) with a stored hash in constant time (equal-length digests, no early exit). */
export function constantTimeEqualHash(candidate: string, storedHash: Buffer): boolean {
  const digest = sha256(candidate);
  return storedHash.length === digest.length && timingSafeEqual(digest, storedHash);
}
