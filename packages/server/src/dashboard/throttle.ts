/**
 * Counts failed sign-ins per remote address in fixed one-minute windows. While an address is over the limit,
 * its sign-ins are refused before the key is even looked at. In memory: a restart forgets, which is fine for
 * a brake on guessing (keys carry 256 bits; this keeps logs and the database quiet, it is not the defence).
 */
export class FailureThrottle {
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Seconds until `address` may try again; 0 when it may now. */
  retryAfterSeconds(address: string, now: number): number {
    const window = this.#windows.get(address);
    if (!window) return 0;
    const ends = window.start + this.windowMs;
    if (now >= ends) {
      this.#windows.delete(address);
      return 0;
    }
    return window.failures >= this.limit ? Math.max(1, Math.ceil((ends - now) / 1000)) : 0;
  }

  fail(address: string, now: number): void {
    const window = this.#windows.get(address);
    if (window && now < window.start + this.windowMs) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= this.maxAddresses) this.#evict(now);
    this.#windows.set(address, { start: now, failures: 1 });
  }

  /** Drops ended windows; if a flood of addresses keeps the map full, the oldest windows go first. */
  #evict(now: number): void {
    for (const [address, window] of this.#windows) {
      if (now >= window.start + this.windowMs) this.#windows.delete(address);
    }
    for (const address of this.#windows.keys()) {
      if (this.#windows.size < this.maxAddresses) break;
      this.#windows.delete(address);
    }
  }
}
