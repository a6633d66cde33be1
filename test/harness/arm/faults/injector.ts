/**
 * Fault injection for ARM traffic: explicit rules (optionally limited to `times` matches) and a seeded random
 * mode. Decides only; the server applies the decision (429/5xx response, dropped socket, added latency).
 */
import type { FaultInjector, FaultRule } from '../types.js';
import { mulberry32 } from './prng.js';

export interface FaultRequest {
  method: string;
  path: string;
  operationId: string | undefined;
}

export type FaultDecision =
  | { kind: 'throttle'; status: number; retryAfterSeconds: number }
  | { kind: 'error'; status: number }
  | { kind: 'drop' };

export interface FaultPlan {
  latencyMs: number;
  fault: FaultDecision | undefined;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

type RandomKind = 'throttle' | 'error' | 'drop';

export class Faults implements FaultInjector {
  #rules: ActiveRule[] = [];
  #random: { next: () => number; rate: number; kinds: RandomKind[]; retryAfterSeconds: number } | undefined;

  add(rule: FaultRule): () => void {
    if (!['throttle', 'error', 'drop', 'latency'].includes(rule.kind)) {
      throw new TypeError(`unknown fault kind '${String(rule.kind)}'`);
    }
    const active: ActiveRule = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.#rules.push(active);
    return () => {
      this.#rules = this.#rules.filter((r) => r !== active);
    };
  }

  random(options: { seed: number; rate: number; kinds?: RandomKind[]; retryAfterSeconds?: number }): void {
    const kinds =
      options.kinds && options.kinds.length > 0 ? options.kinds : (['throttle', 'error', 'drop'] as RandomKind[]);
    this.#random = {
      next: mulberry32(options.seed),
      rate: Math.min(1, Math.max(0, options.rate)),
      kinds,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    };
  }

  clear(): void {
    this.#rules = [];
    this.#random = undefined;
  }

  /** What to do with one request. Consumes matching rules' `times` and one or two random draws. */
  plan(request: FaultRequest): FaultPlan {
    let latencyMs = 0;
    let fault: FaultDecision | undefined;
    for (const active of this.#rules) {
      if (active.remaining <= 0 || !matches(active.rule, request)) continue;
      if (active.rule.kind === 'latency') {
        active.remaining -= 1;
        latencyMs += active.rule.latencyMs ?? 0;
        continue;
      }
      if (fault) continue;
      active.remaining -= 1;
      fault = decision(active.rule.kind, active.rule.status, active.rule.retryAfterSeconds ?? 1);
    }
    if (!fault && this.#random) {
      const r = this.#random;
      if (r.next() < r.rate) {
        const kind = r.kinds[Math.floor(r.next() * r.kinds.length)] ?? 'error';
        fault = decision(kind, kind === 'error' ? (r.next() < 0.5 ? 500 : 503) : undefined, r.retryAfterSeconds);
      }
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return { latencyMs, fault };
  }
}

function matches(rule: FaultRule, request: FaultRequest): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (m.operationId !== undefined && m.operationId !== request.operationId) return false;
  if (m.pathIncludes !== undefined && !request.path.toLowerCase().includes(m.pathIncludes.toLowerCase())) return false;
  return true;
}

function decision(
  kind: 'throttle' | 'error' | 'drop',
  status: number | undefined,
  retryAfterSeconds: number,
): FaultDecision {
  if (kind === 'throttle') return { kind, status: status ?? 429, retryAfterSeconds };
  if (kind === 'error') return { kind, status: status ?? 500 };
  return { kind: 'drop' };
}
