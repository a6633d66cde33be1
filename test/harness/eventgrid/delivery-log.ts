/**
 * What the Event Grid delivery did, for tests and out-of-process readers (`GET <base>/_deliveries`).
 * Holds no endpoint URLs or header values, which may carry webhook secrets.
 */
import { EventEmitter } from 'node:events';
import type { EventGridEvent } from '@scout-acr/sdk/events';
import type { DeadLetterReason } from './retry-policy.js';

/** One HTTP attempt to deliver a batch to one subscription. */
export interface DeliveryAttempt {
  eventIds: string[];
  /** Event subscription name, e.g. `image-change`. */
  subscription: string;
  subscriptionId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** `aeg-delivery-count` sent with this attempt (attempt − 1). */
  deliveryCount: number;
  status?: number;
  /** Transport failure or timeout, when there was no HTTP status. */
  error?: string;
  latencyMs: number;
  /** ISO time the attempt started. */
  at: string;
  /** What followed: delivered, retry scheduled, or given up (dead-lettered / dropped without destination). */
  outcome: 'delivered' | 'retry' | 'dead-lettered' | 'dropped';
}

/** A batch Event Grid gave up on. Without a dead-letter destination Azure drops it; both are recorded. */
export interface DeadLetterRecord {
  eventIds: string[];
  subscription: string;
  subscriptionId: string;
  reason: DeadLetterReason;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  /** True when the subscription has a dead-letter destination (the event would be kept), false if dropped. */
  deadLetterConfigured: boolean;
  at: string;
  events: EventGridEvent[];
}

/** An event published on a registry's system topic, and the subscriptions whose filters it matched. */
export interface PublishedEvent {
  event: EventGridEvent;
  matchedSubscriptions: string[];
  at: string;
}

/** A registry notification that produced no event, and why. */
export interface SkippedNotification {
  registryEventId: string;
  action: string;
  repository?: string;
  reason: string;
  at: string;
}

export interface DeliveryLogSnapshot {
  published: PublishedEvent[];
  skipped: SkippedNotification[];
  attempts: DeliveryAttempt[];
  deadLetters: DeadLetterRecord[];
}

/** The delivery log: append-only lists, queryable in process; emits `change` on every append. */
export class DeliveryLog extends EventEmitter {
  readonly published: PublishedEvent[] = [];
  readonly skipped: SkippedNotification[] = [];
  readonly attempts: DeliveryAttempt[] = [];
  readonly deadLetters: DeadLetterRecord[] = [];

  recordPublished(entry: PublishedEvent): void {
    this.published.push(entry);
    this.emit('change');
  }

  recordSkipped(entry: SkippedNotification): void {
    this.skipped.push(entry);
    this.emit('change');
  }

  recordAttempt(entry: DeliveryAttempt): void {
    this.attempts.push(entry);
    this.emit('change');
  }

  recordDeadLetter(entry: DeadLetterRecord): void {
    this.deadLetters.push(entry);
    this.emit('change');
  }

  /** Attempts made for one subscription, in order. */
  attemptsFor(subscription: string): DeliveryAttempt[] {
    return this.attempts.filter((a) => a.subscription === subscription);
  }

  /** Attempts that carried the event with this id. */
  attemptsForEvent(eventId: string): DeliveryAttempt[] {
    return this.attempts.filter((a) => a.eventIds.includes(eventId));
  }

  /** Successful deliveries. */
  delivered(): DeliveryAttempt[] {
    return this.attempts.filter((a) => a.outcome === 'delivered');
  }

  snapshot(): DeliveryLogSnapshot {
    return {
      published: [...this.published],
      skipped: [...this.skipped],
      attempts: [...this.attempts],
      deadLetters: [...this.deadLetters],
    };
  }

  toJSON(): DeliveryLogSnapshot {
    return this.snapshot();
  }

  clear(): void {
    for (const list of [this.published, this.skipped, this.attempts, this.deadLetters]) list.length = 0;
    this.emit('change');
  }

  /** Resolves once `predicate` holds (checked now and on every append); rejects after `timeoutMs`. */
  waitFor(predicate: (log: DeliveryLog) => boolean, timeoutMs = 30_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = () => {
        if (!predicate(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`DeliveryLog.waitFor: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('change', onChange);
      };
      this.on('change', onChange);
    });
  }
}
