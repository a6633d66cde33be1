/**
 * Delivers batches to webhooks with Event Grid's retry schedule, time to live and dead-lettering; the only part
 * of the Event Grid delivery that does network I/O and keeps timers.
 */
import type { EventGridEvent } from '@scout-acr/sdk/events';
import { splitIntoBatches } from './batching.js';
import type { DeliveryLog } from './delivery-log.js';
import { buildDeliveryRequest } from './delivery-request.js';
import { nextStep } from './retry-policy.js';
import type { SubscriptionConfig } from './subscription-config.js';

export interface DispatcherOptions {
  log: DeliveryLog;
  /** Multiplies retry delays and the time to live (e.g. 0.001 in tests). */
  timeScale: number;
  /** How long one attempt may take before it counts as failed (Azure: 30 s). */
  attemptTimeoutMs: number;
  /** Events arriving within this window are batched together (0: those of the same notification). */
  batchWindowMs: number;
}

interface Buffered {
  subscription: SubscriptionConfig;
  events: Array<{ event: EventGridEvent; publishedAt: number }>;
}

export class Dispatcher {
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly buffers = new Map<string, Buffered>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {}

  /** Queues an event for a subscription; batches form per subscription within the batch window. */
  enqueue(subscription: SubscriptionConfig, event: EventGridEvent, publishedAt = Date.now()): void {
    if (this.closed) return;
    let buffer = this.buffers.get(subscription.id);
    if (buffer === undefined) {
      buffer = { subscription, events: [] };
      this.buffers.set(subscription.id, buffer);
      this.pending += 1;
      this.schedule(() => this.flushBuffer(subscription.id), this.options.batchWindowMs);
    }
    buffer.events.push({ event, publishedAt });
  }

  /** Resolves when no batch is buffered, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels retries and in-flight attempts. */
  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.buffers.clear();
    this.pending = 0;
    this.settle();
  }

  private schedule(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private settle(): void {
    if (this.pending !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private flushBuffer(subscriptionId: string): void {
    const buffer = this.buffers.get(subscriptionId);
    if (buffer === undefined) return;
    this.buffers.delete(subscriptionId);
    const { subscription } = buffer;
    const publishedAt = new Map(buffer.events.map((e) => [e.event, e.publishedAt]));
    const batches = splitIntoBatches(
      buffer.events.map((e) => e.event),
      subscription.maxEventsPerBatch,
      subscription.preferredBatchSizeInKilobytes,
    );
    this.pending += batches.length - 1; // the buffer's slot passes to its batches
    for (const batch of batches) {
      const oldest = Math.min(...batch.map((event) => publishedAt.get(event) ?? Date.now()));
      const ttlMs = subscription.eventTimeToLiveInMinutes * 60_000 * this.options.timeScale;
      void this.attempt(subscription, batch, 1, oldest + ttlMs);
    }
    this.settle();
  }

  private async attempt(
    subscription: SubscriptionConfig,
    batch: EventGridEvent[],
    attempt: number,
    expiresAt: number,
  ): Promise<void> {
    if (this.closed) return;
    const startedAt = Date.now();
    const { status, error } = await this.send(subscription, batch, attempt - 1);
    if (this.closed) return;
    const now = Date.now();
    const step = nextStep({
      status,
      attempt,
      maxDeliveryAttempts: subscription.maxDeliveryAttempts,
      now,
      expiresAt,
      timeScale: this.options.timeScale,
    });
    const gaveUp = subscription.deadLetterConfigured ? 'dead-lettered' : 'dropped';
    this.options.log.recordAttempt({
      eventIds: batch.map((e) => e.id),
      subscription: subscription.name,
      subscriptionId: subscription.id,
      attempt,
      deliveryCount: attempt - 1,
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      latencyMs: now - startedAt,
      at: new Date(startedAt).toISOString(),
      outcome: step.kind === 'delivered' ? 'delivered' : step.kind === 'retry' ? 'retry' : gaveUp,
    });
    if (step.kind === 'retry') {
      this.schedule(() => void this.attempt(subscription, batch, attempt + 1, expiresAt), step.delayMs);
      return;
    }
    if (step.kind === 'dead-letter') {
      this.options.log.recordDeadLetter({
        eventIds: batch.map((e) => e.id),
        subscription: subscription.name,
        subscriptionId: subscription.id,
        reason: step.reason,
        attempts: attempt,
        ...(status === undefined ? {} : { lastStatus: status }),
        ...(error === undefined ? {} : { lastError: error }),
        deadLetterConfigured: subscription.deadLetterConfigured,
        at: new Date(now).toISOString(),
        events: batch,
      });
    }
    this.pending -= 1;
    this.settle();
  }

  private async send(
    subscription: SubscriptionConfig,
    batch: EventGridEvent[],
    deliveryCount: number,
  ): Promise<{ status?: number; error?: string }> {
    if (subscription.endpointUrl === undefined) return { error: 'subscription has no endpointUrl' };
    const request = buildDeliveryRequest(subscription, batch, deliveryCount);
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.attemptTimeoutMs)]);
    try {
      const response = await fetch(subscription.endpointUrl, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal,
      });
      await response.arrayBuffer().catch(() => undefined); // drain so the connection can be reused
      return { status: response.status };
    } catch (error) {
      return { error: describeFailure(error) };
    }
  }
}

/** A short, URL-free description of a failed attempt (endpoint URLs may carry webhook secrets). */
function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause !== undefined && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'error';
}
