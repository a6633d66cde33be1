/**
 * Long-running operations. An operation completes after `pollsBeforeDone` "in progress" answers and once its
 * gate (e.g. the webhook validation handshake) has settled; completing applies its state transition exactly
 * once. Pure bookkeeping: the HTTP layer decides how a status is rendered (Azure-AsyncOperation or Location).
 */
import { randomUUID } from 'node:crypto';
import type { ArmErrorDetail } from '../errors/arm-error.js';
import { armTime } from '../state/ids.js';

export type OperationOutcome = { ok: true } | { ok: false; error: ArmErrorDetail };
export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface OperationDefinition {
  /** Settles when the work behind the operation is done; absent means nothing to wait for. */
  gate?: Promise<OperationOutcome>;
  /** Applies the state transition; its return value is the result body served by a Location URL. */
  complete: (outcome: OperationOutcome) => unknown;
  /** Removes secrets from the result after it was served once (e.g. generated passwords). */
  redactResult?: (result: unknown) => unknown;
}

export interface OperationSnapshot {
  id: string;
  status: OperationStatus;
  startTime: string;
  endTime: string | undefined;
  error: ArmErrorDetail | undefined;
  result: unknown;
}

interface Operation extends OperationDefinition {
  id: string;
  status: OperationStatus;
  startTime: string;
  endTime: string | undefined;
  error: ArmErrorDetail | undefined;
  result: unknown;
  resultServed: boolean;
  pollsLeft: number;
  gateOutcome: OperationOutcome | undefined;
}

export class OperationStore {
  readonly #ops = new Map<string, Operation>();
  readonly #pollsBeforeDone: number;

  constructor(pollsBeforeDone: number) {
    this.#pollsBeforeDone = Math.max(0, pollsBeforeDone);
  }

  start(definition: OperationDefinition): string {
    const op: Operation = {
      ...definition,
      id: randomUUID(),
      status: 'InProgress',
      startTime: armTime(),
      endTime: undefined,
      error: undefined,
      result: undefined,
      resultServed: false,
      pollsLeft: this.#pollsBeforeDone,
      gateOutcome: undefined,
    };
    definition.gate?.then(
      (outcome) => {
        op.gateOutcome = outcome;
      },
      (error: unknown) => {
        op.gateOutcome = { ok: false, error: { code: 'InternalServerError', message: String(error) } };
      },
    );
    this.#ops.set(op.id, op);
    return op.id;
  }

  has(id: string): boolean {
    return this.#ops.has(id);
  }

  /**
   * One poll: counts down, then completes once the gate settled. Waits briefly (`waitMs`) for a pending gate
   * so that clients polling without delay do not spin.
   */
  async poll(id: string, waitMs = 200): Promise<OperationSnapshot | undefined> {
    const op = this.#ops.get(id);
    if (!op) return undefined;
    if (op.status === 'InProgress') {
      if (op.pollsLeft > 0) {
        op.pollsLeft -= 1;
      } else {
        if (op.gate && !op.gateOutcome) {
          await Promise.race([op.gate.catch(() => undefined), new Promise((r) => setTimeout(r, waitMs))]);
          // Let the gate's own `then` (registered in start) run first.
          await Promise.resolve();
        }
        if (!op.gate || op.gateOutcome) this.#complete(op, op.gateOutcome ?? { ok: true });
      }
    }
    const snapshot = this.#snapshot(op);
    if (op.status !== 'InProgress' && op.result !== undefined && !op.resultServed) {
      // A secret-bearing result is served once, then only its redacted form is kept.
      op.resultServed = true;
      if (op.redactResult) op.result = op.redactResult(op.result);
    }
    return snapshot;
  }

  /** Completes every pending operation whose gate has settled (or that has none), without polling. */
  async settleAll(): Promise<void> {
    for (const op of this.#ops.values()) {
      if (op.status !== 'InProgress') continue;
      const outcome: OperationOutcome = op.gate
        ? await op.gate.catch((e: unknown) => ({
            ok: false as const,
            error: { code: 'InternalServerError', message: String(e) },
          }))
        : { ok: true };
      this.#complete(op, outcome);
    }
  }

  #complete(op: Operation, outcome: OperationOutcome): void {
    if (op.status !== 'InProgress') return;
    try {
      op.result = op.complete(outcome);
      op.status = outcome.ok ? 'Succeeded' : 'Failed';
      op.error = outcome.ok ? undefined : outcome.error;
    } catch (error) {
      op.status = 'Failed';
      op.error = { code: 'InternalServerError', message: error instanceof Error ? error.message : String(error) };
    }
    op.endTime = armTime();
  }

  #snapshot(op: Operation): OperationSnapshot {
    return {
      id: op.id,
      status: op.status,
      startTime: op.startTime,
      endTime: op.endTime,
      error: op.error,
      result: op.result,
    };
  }
}
