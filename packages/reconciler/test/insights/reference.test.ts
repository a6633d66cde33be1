import { describe, expect, it } from 'vitest';
import { InsightUsageError } from '../../src/insights/errors.js';
import { parseImageReference } from '../../src/insights/reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('parses host/repo:tag and keeps the repository path', () => {
    expect(parseImageReference('Contoso.azurecr.io/team/api:v1.2')).toEqual({
      loginServer: 'contoso.azurecr.io',
      repository: 'team/api',
      tag: 'v1.2',
      digest: undefined,
      lookup: 'team/api:v1.2',
    });
  });

  it('parses host:port/repo@digest and defaults a missing tag to latest', () => {
    expect(parseImageReference(`localhost:5000/api@${D}`)).toMatchObject({
      loginServer: 'localhost:5000',
      repository: 'api',
      digest: D,
      lookup: `api@${D}`,
    });
    expect(parseImageReference('contoso.azurecr.io/api').lookup).toBe('api:latest');
  });

  it('takes a bare digest without a registry', () => {
    expect(parseImageReference(D)).toEqual({ digest: D, lookup: D });
  });

  it.each([
    'api:v1',
    'team/api:v1',
    'contoso.azurecr.io/API:v1',
    'contoso.azurecr.io/api@sha256:abc',
    'sha256:xyz',
    '',
  ])('refuses %j', (text) => {
    expect(() => parseImageReference(text)).toThrow(InsightUsageError);
  });
});
