import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, Secret } from '../src/secret/index.js';

describe('Secret', () => {
  const value = 'p4ssw0rd-never-shown';
  const secret = new Secret(value);

  it('reveals its value only on request', () => {
    expect(secret.reveal()).toBe(value);
  });

  it.each([
    ['String()', () => String(secret)],
    ['template literal', () => `${secret}`],
    ['JSON.stringify', () => JSON.stringify({ secret })],
    ['util.inspect', () => inspect({ nested: { secret } }, { depth: 5, showHidden: true })],
    ['spread + JSON', () => JSON.stringify({ ...secret })],
    ['Object.entries', () => JSON.stringify(Object.entries(secret))],
    ['concatenation', () => 'x' + secret],
  ])('never renders through %s', (_name, render) => {
    const out = render();
    expect(out).not.toContain(value);
  });

  it('from() keeps an existing Secret', () => {
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from('abc').reveal()).toBe('abc');
  });
});

describe('redaction helpers', () => {
  it('removes every known secret from text', () => {
    expect(redactText('a hunter22 b hunter22', ['hunter22'])).toBe('a (sensitive) b (sensitive)');
  });
  it('ignores very short values', () => {
    expect(redactText('abc', ['ab'])).toBe('abc');
  });
  it('redacts secret-looking query parameters', () => {
    expect(redactUrl('https://x/hook?code=s3cret&x=1')).toBe('https://x/hook?code=(sensitive)&x=1');
  });
});
