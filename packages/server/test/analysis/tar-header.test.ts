import { describe, expect, it } from 'vitest';
import { CorruptLayerError } from '../../src/analysis/index.js';
import { parsePax, readNumber } from '../../src/analysis/layer/tar-header.js';

describe('tar numeric fields and PAX records', () => {
  it('reads octal (space or NUL terminated) and GNU base-256 numbers', () => {
    expect(readNumber(Buffer.from('0000644\0'), 0, 8)).toBe(0o644);
    expect(readNumber(Buffer.from('  17 \0'), 0, 6)).toBe(0o17);
    // 12 GiB as GNU tar writes sizes beyond the 8 GiB octal range: 0x80 marker, big-endian value.
    const big = Buffer.alloc(12);
    big[0] = 0x80;
    big.writeUIntBE(12 * 1024 ** 3, 6, 6);
    expect(readNumber(big, 0, 12)).toBe(12 * 1024 ** 3);
    expect(() => readNumber(Buffer.from('0009\0'), 0, 5)).toThrow(CorruptLayerError);
  });

  it('parses PAX records with multi-byte UTF-8 values and rejects inconsistent lengths', () => {
    const record = (key: string, value: string) => {
      const body = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(body) + 1;
      if (String(length).length + Buffer.byteLength(body) !== length) length += 1;
      return `${length}${body}`;
    };
    const body = Buffer.from(record('path', 'dïr/fïlé') + record('size', '42'));
    expect(Object.fromEntries(parsePax(body))).toEqual({ path: 'dïr/fïlé', size: '42' });
    expect(() => parsePax(Buffer.from('99 path=x\n'))).toThrow(CorruptLayerError);
  });
});
