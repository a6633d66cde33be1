import { describe, expect, it } from 'vitest';
import type { EventInsert, Store } from '../../src/store/index.js';
import { EventIngestor, OverloadedError } from '../../src/webhook/ingestor.js';

const ev = (id: string): EventInsert => ({
  integrationId: 'i',
  eventId: id,
  type: 't',
  subject: null,
  repository: null,
  tag: null,
  digest: null,
  eventTime: null,
  receivedAt: 0,
  body: '{}',
});

describe('EventIngestor (group commit)', () => {
  it('commits concurrent deliveries in one transaction and answers each with its own results', async () => {
    const batches: string[][] = [];
    const store = {
      recordEvents: async (events: EventInsert[]) => {
        batches.push(events.map((e) => e.eventId));
        return events.map((e) => ({ inserted: e.eventId !== 'dup', disposition: null }));
      },
    } as unknown as Store;
    const ingestor = new EventIngestor(store);
    const [a, b, c] = await Promise.all([
      ingestor.submit([ev('a1'), ev('a2')]),
      ingestor.submit([ev('dup')]),
      ingestor.submit([ev('c1')]),
    ]);
    expect(batches).toEqual([['a1', 'a2', 'dup', 'c1']]);
    expect(a.map((r) => r.inserted)).toEqual([true, true]);
    expect(b.map((r) => r.inserted)).toEqual([false]);
    expect(c).toHaveLength(1);
    expect(ingestor.pending).toBe(0);
  });

  it('rejects every delivery of a failed commit, and refuses work beyond the bound', async () => {
    const store = { recordEvents: async () => Promise.reject(new Error('disk full')) } as unknown as Store;
    const ingestor = new EventIngestor(store, 2);
    const over = ingestor.submit([ev('1'), ev('2'), ev('3')]);
    await expect(over).rejects.toBeInstanceOf(OverloadedError);
    await expect(Promise.all([ingestor.submit([ev('1')]), ingestor.submit([ev('2')])])).rejects.toThrow('disk full');
    expect(ingestor.pending).toBe(0);
  });
});
