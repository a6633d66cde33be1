/**
 * Token passwords: random, strong values shown once; only an HMAC of each value is kept, so the emulator
 * can verify a password later (`authenticateToken`) without ever storing it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A password value shaped like ACR's: 52 characters of base64 with 256+ bits of entropy. */
export function generatePasswordValue(): string {
  return randomBytes(39).toString('base64');
}

export class PasswordHasher {
  readonly #key = randomBytes(32);

  hash(value: string): Buffer {
    return createHmac('sha256', this.#key).update(value, 'utf8').digest();
  }

  /** Constant-time comparison of `value` against a stored hash. */
  matches(value: string, hash: Buffer): boolean {
    const candidate = this.hash(value);
    return candidate.length === hash.length && timingSafeEqual(candidate, hash);
  }
}
