import { createHttpHeaders, createPipelineRequest, type PipelineResponse, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import {
  decideRetry,
  parseResourceId,
  registryId,
  sameResourceId,
  scrubText,
  secretFragmentsOfUrl,
} from '../../src/azure/index.js';

const options = { maxRetries: 4, retryDelayInMs: 100, maxRetryDelayInMs: 1000, maxRetryAfterMs: 5000 };
const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
const response = (status: number, headers: Record<string, string> = {}): PipelineResponse => ({
  status,
  headers: createHttpHeaders(headers),
  request,
});

describe('decideRetry', () => {
  it('honours Retry-After on 429 and 503 exactly', () => {
    expect(decideRetry({ retryCount: 0, response: response(429, { 'retry-after': '2' }) }, options)).toEqual({
      retryAfterInMs: 2000,
    });
    expect(decideRetry({ retryCount: 0, response: response(503, { 'retry-after-ms': '150' }) }, options)).toEqual({
      retryAfterInMs: 150,
    });
  });

  it('does not sleep through a Retry-After longer than maxRetryAfterMs', () => {
    expect(decideRetry({ retryCount: 0, response: response(429, { 'retry-after': '3600' }) }, options)).toEqual({
      tooLong: 3_600_000,
    });
  });

  it('backs off exponentially (bounded) on 5xx, 408, a bare 429 and dropped connections', () => {
    const half = () => 0.5;
    expect(decideRetry({ retryCount: 0, response: response(500) }, options, half)).toEqual({ retryAfterInMs: 100 });
    expect(decideRetry({ retryCount: 2, response: response(429) }, options, half)).toEqual({ retryAfterInMs: 400 });
    expect(decideRetry({ retryCount: 9, response: response(408) }, options, half)).toEqual({ retryAfterInMs: 1000 });
    const reset = new RestError('socket hang up', { code: 'ECONNRESET', request });
    expect(decideRetry({ retryCount: 0, responseError: reset }, options, half)).toEqual({ retryAfterInMs: 100 });
  });

  it('never retries client errors, 501 or TLS failures', () => {
    for (const status of [400, 401, 403, 404, 409, 501]) {
      expect(decideRetry({ retryCount: 0, response: response(status) }, options)).toEqual({ skip: true });
    }
    const tls = new RestError('bad cert', { code: 'SELF_SIGNED_CERT_IN_CHAIN', request });
    expect(decideRetry({ retryCount: 0, responseError: tls }, options)).toEqual({ skip: true });
  });
});

describe('resource ids', () => {
  it('parses nested ids', () => {
    const id = `${registryId('sub', 'rg', 'reg')}/tokens/tok`;
    expect(parseResourceId(id)).toEqual({
      subscriptionId: 'sub',
      resourceGroup: 'rg',
      provider: 'Microsoft.ContainerRegistry',
      types: ['registries', 'tokens'],
      names: ['reg', 'tok'],
    });
    expect(parseResourceId('/subscriptions/sub/resourceGroups/rg')).toBeUndefined();
    expect(sameResourceId(id.toUpperCase(), id)).toBe(true);
  });
});

describe('redaction', () => {
  it('scrubs URL fragments longest first and strips query strings of any URL', () => {
    const url = 'https://h.example/api/hooks/0123456789abcdefghijXYZ?code=the-code&x=other-value';
    const fragments = secretFragmentsOfUrl(url);
    const text = scrubText(`failed for ${url} (code the-code, segment 0123456789abcdefghijXYZ)`, fragments);
    expect(text).not.toContain('the-code');
    expect(text).not.toContain('other-value');
    expect(text).not.toContain('0123456789abcdefghijXYZ');
    expect(scrubText('see https://a.example/p?sig=abc&se=1 now')).toBe('see https://a.example/p?(sensitive) now');
  });
});
