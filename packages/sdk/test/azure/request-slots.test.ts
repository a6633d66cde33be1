import {
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { RequestSlots } from '../../src/azure/index.js';
import { configurePipeline } from '../../src/azure/pipeline/configure.js';
import { silentLogger } from '../../src/logging/index.js';

/** A FIFO budget of `limit` slots that remembers its peak use. */
function slots(limit: number): RequestSlots & { inUse: () => number; peak: () => number } {
  let used = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  return {
    inUse: () => used,
    peak: () => peak,
    acquire: () =>
      new Promise((resolve) => {
        const grant = () => {
          used++;
          peak = Math.max(peak, used);
          resolve(() => {
            used--;
            waiting.shift()?.();
          });
        };
        if (used < limit) grant();
        else waiting.push(grant);
      }),
  };
}

/**
 * An HTTP client that answers after `ms`, and 429 + Retry-After (200 ms) the first time a URL ending in
 * `/throttle` is sent, calling `onThrottled` right after.
 */
function client(events: string[], ms: number, onThrottled?: () => void): HttpClient {
  const throttled = new Set<string>();
  return {
    sendRequest: async (request: PipelineRequest) => {
      events.push(`send ${new URL(request.url).pathname}`);
      await new Promise((r) => setTimeout(r, ms));
      const throttle = request.url.endsWith('/throttle') && !throttled.has(request.url);
      if (throttle) {
        throttled.add(request.url);
        setImmediate(() => onThrottled?.());
      }
      return {
        request,
        status: throttle ? 429 : 200,
        headers: createHttpHeaders(throttle ? { 'retry-after-ms': '200' } : {}),
      };
    },
  };
}

describe('requestSlots', () => {
  it('bounds the requests in flight across pipelines that share the slots', async () => {
    const shared = slots(2);
    const pipelines = [createEmptyPipeline(), createEmptyPipeline()];
    for (const p of pipelines) configurePipeline(p, {}, silentLogger, shared);
    const events: string[] = [];
    const http = client(events, 5);
    const sends = Array.from({ length: 8 }, (_, i) =>
      pipelines[i % 2]?.sendRequest(http, createPipelineRequest({ url: `https://arm.test/r${i}` })),
    );
    const responses = await Promise.all(sends);
    expect(responses.map((r) => r?.status)).toEqual(Array(8).fill(200));
    expect(shared.peak()).toBe(2);
    expect(shared.inUse()).toBe(0);
  });

  it('holds no slot while the retry policy sleeps through a Retry-After', async () => {
    const shared = slots(1);
    const pipeline = createEmptyPipeline();
    configurePipeline(pipeline, { maxRetries: 2 }, silentLogger, shared);
    const events: string[] = [];
    // Another request is sent as soon as the first attempt was answered 429, while the retry policy waits.
    let other: Promise<{ status: number }> | undefined;
    const http = client(events, 1, () => {
      other = pipeline.sendRequest(http, createPipelineRequest({ url: 'https://arm.test/other' }));
    });
    const first = await pipeline.sendRequest(http, createPipelineRequest({ url: 'https://arm.test/throttle' }));
    const second = await (other ?? Promise.reject(new Error('the 429 was never answered')));
    expect([first.status, second.status]).toEqual([200, 200]);
    // With the slot held during the back-off, /other could only go after the retry.
    expect(events).toEqual(['send /throttle', 'send /other', 'send /throttle']);
  });

  it('places the bound after signing, next to the wire', () => {
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy({ name: 'sign', sendRequest: (r, next) => next(r) }, { phase: 'Sign' });
    configurePipeline(pipeline, {}, silentLogger, slots(1));
    expect(
      pipeline
        .getOrderedPolicies()
        .map((p) => p.name)
        .at(-1),
    ).toBe('scoutAcrRequestSlots');
  });
});
