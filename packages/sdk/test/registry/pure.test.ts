import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../../src/registry/challenge.js';
import { UnsupportedMediaTypeError } from '../../src/registry/errors.js';
import { nextLink } from '../../src/registry/link.js';
import { parseManifest } from '../../src/registry/manifest.js';
import { selectPlatform } from '../../src/registry/platform.js';
import { mergeScopes } from '../../src/registry/scopes.js';
import { tokenExpiry } from '../../src/registry/token-cache.js';
import type { ImageIndex } from '../../src/registry/types.js';

describe('parseWwwAuthenticate', () => {
  it('reads ACR bearer challenges with scope and error', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://r.azurecr.io/oauth2/token",service="r.azurecr.io",scope="repository:a/b:pull,push",error="insufficient_scope"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://r.azurecr.io/oauth2/token',
        service: 'r.azurecr.io',
        scope: 'repository:a/b:pull,push',
        error: 'insufficient_scope',
      },
    });
  });

  it('splits several challenges and unescapes quoted values', () => {
    const challenges = parseWwwAuthenticate('Basic realm="a \\"b\\"", Bearer realm="https://x/t", service=x');
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(challenges[0]?.params.realm).toBe('a "b"');
    expect(challenges[1]?.params.service).toBe('x');
  });

  it('returns nothing for an absent header', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
  });
});

describe('nextLink', () => {
  it('resolves a relative next link against the request URL', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"', 'https://r.io:5000/v2/_catalog?n=2')).toBe(
      'https://r.io:5000/v2/_catalog?last=b&n=2',
    );
  });
  it('ignores other relations', () => {
    expect(nextLink('</x>; rel="prev", </y>; rel=next', 'https://r.io/')).toBe('https://r.io/y');
    expect(nextLink('</x>; rel="prev"', 'https://r.io/')).toBeUndefined();
  });
});

describe('mergeScopes', () => {
  it('merges actions of the same resource', () => {
    expect(mergeScopes(['repository:a:pull', 'registry:catalog:*', 'repository:a:metadata_read'])).toEqual([
      'repository:a:metadata_read,pull',
      'registry:catalog:*',
    ]);
  });
});

describe('selectPlatform', () => {
  const index: ImageIndex = {
    schemaVersion: 2,
    manifests: [
      { mediaType: 'm', digest: 'sha256:amd', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      {
        mediaType: 'm',
        digest: 'sha256:armv6',
        size: 1,
        platform: { os: 'linux', architecture: 'arm', variant: 'v6' },
      },
      {
        mediaType: 'm',
        digest: 'sha256:armv7',
        size: 1,
        platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
      },
      { mediaType: 'm', digest: 'sha256:arm64', size: 1, platform: { os: 'linux', architecture: 'arm64' } },
      { mediaType: 'm', digest: 'sha256:att', size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
    ],
  };
  it('matches os, architecture and variant with default variants', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v6' })?.digest).toBe('sha256:armv6');
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm' })?.digest).toBe('sha256:armv7');
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm64', variant: 'v8' })?.digest).toBe('sha256:arm64');
    expect(selectPlatform(index, { os: 'windows', architecture: 'amd64' })).toBeUndefined();
  });
});

describe('tokenExpiry', () => {
  it('uses expires_in, then the JWT exp, then 60 s', () => {
    const now = 1_000_000_000_000;
    expect(tokenExpiry('opaque', 300, now)).toBe(now + 300_000 - 30_000);
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp: now / 1000 + 3600 })).toString('base64url')}.sig`;
    expect(tokenExpiry(jwt, undefined, now)).toBe(now + 3_600_000 - 30_000);
    expect(tokenExpiry('opaque', undefined, now)).toBe(now + 60_000 - 30_000);
  });
});

describe('parseManifest', () => {
  it('infers the type from the body when Content-Type is generic', () => {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] }));
    expect(parseManifest(bytes, 'sha256:x', 'application/json', 'r').kind).toBe('index');
  });
  it('refuses schema 1 manifests', () => {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 1, fsLayers: [] }));
    expect(() =>
      parseManifest(bytes, 'sha256:x', 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'r'),
    ).toThrow(UnsupportedMediaTypeError);
  });
});
