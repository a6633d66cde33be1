import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { ScoutAcrError } from '@scout-acr/sdk/errors';

export interface SecretKeySource {
  /** Base64 of 32 bytes, e.g. from `SCOUT_ACR_SECRET_KEY`. Wins over the file. */
  base64?: string | undefined;
  /** Key file (base64 text). Created with mode 0600 when absent and no base64 key was given. */
  file: string;
}

/** Loads the 32-byte data-encryption key: from the environment, else from the key file, else generates one. */
export function loadSecretKey(source: SecretKeySource): { key: Buffer; origin: 'env' | 'file' | 'generated' } {
  if (source.base64) return { key: decode(source.base64, 'SCOUT_ACR_SECRET_KEY'), origin: 'env' };
  if (existsSync(source.file)) {
    const mode = statSync(source.file).mode & 0o077;
    if (mode !== 0) chmodSync(source.file, 0o600); // tighten a key file that was copied in loosely
    return { key: decode(readFileSync(source.file, 'utf8'), source.file), origin: 'file' };
  }
  const key = randomBytes(32);
  writeFileSync(source.file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, origin: 'generated' };
}

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new ScoutAcrError(`the secret key in ${where} must be base64 of 32 bytes`, { code: 'InvalidSecretKey' });
  }
  return key;
}
