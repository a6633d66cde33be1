import type { EventDisposition, EventInsert, Store } from '../store/index.js';

type Result = { inserted: boolean; disposition: EventDisposition | null };

interface Waiting {
  events: EventInsert[];
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

export class OverloadedError extends Error {}

/**
 * Group commit for webhook deliveries: every delivery that arrives while one flush is pending joins the same
 * SQLite transaction, so 2,000 deliveries/s cost far fewer commits than deliveries. A delivery's promise
 * resolves only after the transaction holding its events committed; a failed commit rejects every delivery in
 * it (each then answers 503 and Event Grid redelivers). Beyond `maxPendingEvents` new deliveries are refused
 * (`OverloadedError` → 503) instead of queueing without bound.
 */
export class EventIngestor {
  #waiting: Waiting[] = [];
  #pendingEvents = 0;
  #scheduled = false;
  /** Transactions committed so far (events accepted ÷ commits = mean group size). */
  commits = 0;

  constructor(
    private readonly store: Store,
    private readonly maxPendingEvents = 10_000,
    private readonly maxBatchEvents = 1_000,
  ) {}

  get pending(): number {
    return this.#pendingEvents;
  }

  submit(events: EventInsert[]): Promise<Result[]> {
    if (this.#pendingEvents + events.length > this.maxPendingEvents) {
      return Promise.reject(new OverloadedError('too many events waiting to be stored'));
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ events, resolve, reject });
      this.#pendingEvents += events.length;
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    while (this.#waiting.length > 0) {
      const batch: Waiting[] = [];
      let count = 0;
      while (
        this.#waiting.length > 0 &&
        (count === 0 || count + (this.#waiting[0] as Waiting).events.length <= this.maxBatchEvents)
      ) {
        const next = this.#waiting.shift() as Waiting;
        batch.push(next);
        count += next.events.length;
      }
      try {
        const results = await this.store.recordEvents(batch.flatMap((w) => w.events));
        this.commits++;
        let offset = 0;
        for (const w of batch) {
          w.resolve(results.slice(offset, offset + w.events.length));
          offset += w.events.length;
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      } finally {
        this.#pendingEvents -= count;
      }
    }
  }
}
