import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ScoutAcrError } from '@scout-acr/sdk/errors';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM envelope for secrets at rest (token passwords, webhook secrets).
 * Layout: `version (1 byte) | iv (12) | auth tag (16) | ciphertext`. A fresh random IV per value; the
 * `context` (e.g. the integration id and field) is bound as associated data, so an envelope copied to
 * another row or field does not decrypt.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new ScoutAcrError('the secret key must be 32 bytes', { code: 'InvalidSecretKey' });
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(envelope: Buffer, context: string): string {
    if (envelope.length < 1 + IV_BYTES + TAG_BYTES || envelope[0] !== VERSION) {
      throw new ScoutAcrError('unreadable secret envelope', { code: 'SecretDecryptFailed' });
    }
    try {
      const iv = envelope.subarray(1, 1 + IV_BYTES);
      const tag = envelope.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(envelope.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch (cause) {
      // Wrong key or tampered data: say which, never echo bytes.
      throw new ScoutAcrError('a stored secret cannot be decrypted with the configured secret key', {
        code: 'SecretDecryptFailed',
        cause,
      });
    }
  }
}
