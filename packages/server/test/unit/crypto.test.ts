import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { constantTimeEqualHash, loadSecretKey, SecretBox, sha256 } from '../../src/crypto/index.js';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  it('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('hunter2-password', 'integration:a:password');
    expect(sealed.toString('latin1')).not.toContain('hunter2');
    expect(box.open(sealed, 'integration:a:password')).toBe('hunter2-password');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('x', 'c').equals(box.seal('x', 'c'))).toBe(false);
  });

  it('refuses another context, another key, or tampered bytes', () => {
    const sealed = box.seal('secret', 'integration:a:password');
    expect(() => box.open(sealed, 'integration:b:password')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'integration:a:password')).toThrow(
      /cannot be decrypted/,
    );
    const tampered = Buffer.from(sealed);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(() => box.open(tampered, 'integration:a:password')).toThrow(/cannot be decrypted/);
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('loadSecretKey', () => {
  it('generates a 0600 key file on first start and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scout-key-')), 'secret.key');
    const first = loadSecretKey({ file });
    expect(first.origin).toBe('generated');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadSecretKey({ file });
    expect(again.origin).toBe('file');
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('prefers the environment key and validates it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scout-key-')), 'secret.key');
    const base64 = Buffer.alloc(32, 9).toString('base64');
    expect(loadSecretKey({ base64, file }).origin).toBe('env');
    expect(() => loadSecretKey({ base64: 'c2hvcnQ=', file })).toThrow(/32 bytes/);
  });
});

describe('constantTimeEqualHash', () => {
  it('matches only the same value', () => {
    const stored = sha256('webhook-secret');
    expect(constantTimeEqualHash('webhook-secret', stored)).toBe(true);
    expect(constantTimeEqualHash('webhook-secreT', stored)).toBe(false);
    expect(constantTimeEqualHash('', stored)).toBe(false);
    expect(constantTimeEqualHash('webhook-secret', Buffer.alloc(3))).toBe(false);
  });
});
