import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, parseJsonBody, Router } from '../../src/http/index.js';
import { globToRegExp, selectRepositories } from '../../src/repositories/glob.js';
import { parseImageReference } from '../../src/routes/api-handlers.js';
import { decodeSeqCursor, encodeCursor } from '../../src/routes/cursor.js';

describe('JSON depth limit', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds('[[[1]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('["[[[[[[", {"a": "{{{{\\"{{{"}]', 2)).toBe(false);
  });

  it('refuses deep and malformed bodies with 400', () => {
    expect(() => parseJsonBody(Buffer.from('['.repeat(100)), 32)).toThrow(/deeper than 32/);
    expect(() => parseJsonBody(Buffer.from('{"a":'), 32)).toThrow(/not valid JSON/);
    expect(parseJsonBody(Buffer.alloc(0), 32)).toBeUndefined();
  });
});

describe('Router', () => {
  const router = new Router<string>();
  router.add('GET', '/v1/integrations/{id}', 'get');
  router.add('POST', '/v1/integrations', 'create');

  it('matches templates, decodes params, tells 404 from 405', () => {
    expect(router.match('GET', '/v1/integrations/int%5F1')).toEqual({ handler: 'get', params: { id: 'int_1' } });
    expect(router.match('DELETE', '/v1/integrations/x')).toBe('method');
    expect(router.match('GET', '/v1/nothing')).toBeUndefined();
    expect(router.match('GET', '/v1/integrations/a/b')).toBeUndefined();
  });
});

describe('repository globs', () => {
  it('* stays in a segment, ** crosses, ? is one character', () => {
    expect(globToRegExp('team/*').test('team/api')).toBe(true);
    expect(globToRegExp('team/*').test('team/a/b')).toBe(false);
    expect(globToRegExp('team/**').test('team/a/b')).toBe(true);
    expect(globToRegExp('app?').test('app1')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('selects catalog matches plus explicit names, once each', () => {
    expect(selectRepositories(['a/x', 'a/y', 'b'], ['b', 'c'], ['a/*', 'a/x'])).toEqual(['a/x', 'a/y', 'b', 'c']);
  });
});

describe('cursors and references', () => {
  it('round-trips opaque cursors and rejects forged ones', () => {
    expect(decodeSeqCursor(encodeCursor(42))).toBe(42);
    expect(() => decodeSeqCursor('bm9wZQ')).toThrow(/invalid cursor/);
    expect(() => decodeSeqCursor(encodeCursor('-1'))).toThrow(/invalid cursor/);
  });

  it('parses repo:tag, repo@digest, bare digests and registry-port-like names', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference('team/app:v1')).toEqual({ repository: 'team/app', tag: 'v1' });
    expect(parseImageReference(`team/app@${d}`)).toEqual({ repository: 'team/app', digest: d });
    expect(parseImageReference(d)).toEqual({ digest: d });
    expect(parseImageReference('team/app')).toEqual({ repository: 'team/app', tag: 'latest' });
  });
});
