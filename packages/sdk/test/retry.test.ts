import { describe, expect, it } from 'vitest';
import { ScoutAcrError } from '../src/errors/index.js';
import { parseRetryAfter, withRetries } from '../src/http/index.js';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('withRetries', () => {
  it('retries transient errors and honours the requested delay', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3)
          throw new ScoutAcrError('slow down', { code: 'Throttled', status: 429, transient: true, retryAfterMs: 5 });
        return 'ok';
      },
      { onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([5, 5]);
  });

  it('never retries terminal errors', async () => {
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new ScoutAcrError('bad', { code: 'InvalidRequest', status: 400 });
      }),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });

  it('gives up after maxRetries', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new ScoutAcrError('down', { code: 'ServiceUnavailable', status: 503, transient: true });
        },
        { maxRetries: 2, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(withRetries(async () => 1, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'x-ms-retry-after-ms': '40' }, 40],
    [{}, undefined],
    [{ 'retry-after': 'garbage' }, undefined],
  ])('%j → %s', (h, expected) => {
    expect(parseRetryAfter(headers(h))).toBe(expected);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), now)).toBe(10_000);
  });
});
