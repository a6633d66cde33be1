/** A small seeded PRNG (mulberry32) so that property tests are reproducible. */
export class Random {
  private state: number;

  /** @param huge whether {@link num} may produce numbers beyond 2^53 (some references compare as floats). */
  constructor(
    seed: number,
    private readonly huge = true,
  ) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A small number, biased towards 0/1 and occasionally huge (to hit overflow paths). */
  num(): string {
    const r = this.next();
    if (r < 0.35) return String(this.int(0, 2));
    if (r < 0.8) return String(this.int(0, 20));
    if (r < 0.95 || !this.huge) return String(this.int(0, 99999));
    return String(this.int(1, 9)) + '0'.repeat(this.int(10, 25));
  }

  /** A number that may carry leading zeros. */
  paddedNum(): string {
    return this.chance(0.15) ? '0'.repeat(this.int(1, 2)) + this.num() : this.num();
  }

  /**
   * Builds `count` pairs from a generator: a share are identical, a share are one mutation apart (the
   * interesting cases), the rest independent.
   */
  pairs(count: number, gen: () => string, mutate: (v: string) => string): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < count; i++) {
      const a = gen();
      const r = this.next();
      const b = r < 0.1 ? a : r < 0.6 ? mutate(a) : gen();
      out.push(this.chance(0.5) ? [a, b] : [b, a]);
    }
    return out;
  }
}

/** Generic mutation: change, drop or append one character from an alphabet. */
export function mutateWith(rnd: Random, alphabet: string, tails: readonly string[]): (v: string) => string {
  return (v: string) => {
    const r = rnd.next();
    if (r < 0.3) return v + rnd.pick(tails);
    const i = rnd.int(0, Math.max(0, v.length - 1));
    if (r < 0.55) return v.slice(0, i) + v.slice(i + 1);
    if (r < 0.8) return v.slice(0, i) + rnd.pick([...alphabet]) + v.slice(i + 1);
    return v.replace(/[0-9]+/, (d) => String(Number(d.slice(0, 12)) + rnd.int(-1, 1)).replace('-', ''));
  };
}
