/**
 * A counting semaphore, first come first served. The reconciler bounds the ARM requests in flight with one of
 * these, shared by every Azure client, so that registries waiting on a long-running operation's poll hold no slot
 * and the slots stay busy with other registries' calls.
 */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

export class Semaphore {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be ≥ 1, got ${limit}`);
    this.#free = limit;
  }

  /** Slots in use. */
  get inUse(): number {
    return this.limit - this.#free;
  }

  /** Resolves with `release` once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignalLike): Promise<() => void> {
    return new Promise<() => void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const grant = () => {
        signal?.removeEventListener?.('abort', onAbort);
        this.#free--;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#free++;
          this.#waiting.shift()?.();
        });
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index < 0) return;
        this.#waiting.splice(index, 1);
        reject(abortError());
      };
      if (this.#free > 0) return grant();
      this.#waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}
