import { setTimeout as delay } from 'node:timers/promises';
import { type Logger, ScoutAcrError, silentLogger } from '@scout-acr/sdk';
import { type ApplyProgress, type ApplyResult, applyPlan } from './apply/apply.js';
import type { AzurePort, LeasePort, ServerPort } from './apply/ports.js';
import { assertPlanIsSafe, computePlan, fingerprintObserved, type Plan, type SafetyOptions } from './plan/index.js';
import { type DesiredState, type Observation, observe } from './state/index.js';

export interface ReconcilePorts {
  azure: AzurePort;
  server: ServerPort;
  lease?: LeasePort | undefined;
}

export interface PlanOptions {
  signal?: AbortSignal | undefined;
  concurrency?: number;
  now?: () => Date;
}

export interface ApplyRunOptions extends PlanOptions, SafetyOptions {
  /**
   * Registries applied at once. Default: all of them. ARM requests stay bounded by the Azure port's budget
   * (`concurrency`); registries are cheap to keep in flight, and while one waits on a long-running operation
   * the others use the request slots.
   */
  registryConcurrency?: number;
  /** Who holds the lease (host/pid); shown to a second reconciler that has to wait. */
  holder?: string;
  leaseTtlMs?: number;
  /** Wait up to this long for another reconciler's lease; 0 exits at once. */
  waitForLeaseMs?: number;
  onProgress?: (event: ApplyProgress) => void;
  logger?: Logger;
}

/** Another reconciler is acting on this organization; nothing was done. */
export class LeaseHeldError extends ScoutAcrError {
  constructor(
    readonly holder: string,
    readonly expiresAt: string,
  ) {
    super(`another reconciler (${holder}) is applying; its lease expires at ${expiresAt}`, {
      code: 'LeaseHeld',
      status: 409,
    });
  }
}

/** The live state moved since the saved plan was made; applying it could undo someone's change. */
export class StalePlanError extends ScoutAcrError {
  constructor() {
    super('the live state changed since this plan was made; run `scout-acr plan` again', { code: 'StalePlan' });
  }
}

/** Observes both sides and computes the plan. Reads only. */
export async function planChanges(
  desired: DesiredState,
  ports: ReconcilePorts,
  options: PlanOptions = {},
): Promise<{ plan: Plan; observation: Observation }> {
  const now = options.now?.() ?? new Date();
  const observation = await observe(desired, ports, { concurrency: options.concurrency, now });
  options.signal?.throwIfAborted();
  return { plan: computePlan(desired, observation.observed, now), observation };
}

/**
 * The whole reconcile under a lease: observe, plan (or take the saved plan and check it is still current),
 * refuse unsafe plans, apply. The lease is released whatever happens.
 */
export async function reconcileOnce(
  desired: DesiredState,
  ports: ReconcilePorts,
  options: ApplyRunOptions & { savedPlan?: Plan } = {},
): Promise<{ plan: Plan; result: ApplyResult }> {
  const holder = options.holder ?? `scout-acr/${process.pid}`;
  const ttl = options.leaseTtlMs ?? 5 * 60_000;
  const logger = options.logger ?? silentLogger;
  if (ports.lease) await acquireLease(ports.lease, holder, ttl, options.waitForLeaseMs ?? 0, options.signal);
  const renew = ports.lease
    ? setInterval(() => void ports.lease?.renew(holder, ttl).catch(() => {}), ttl / 3)
    : undefined;
  try {
    const { plan: fresh, observation } = await planChanges(desired, ports, options);
    let plan = fresh;
    if (options.savedPlan) {
      if (options.savedPlan.observedFingerprint !== fingerprintObserved(observation.observed))
        throw new StalePlanError();
      plan = options.savedPlan;
    }
    assertPlanIsSafe(plan, desired.registries.length, options);
    const result = await applyPlan(plan, {
      azure: ports.azure,
      server: ports.server,
      inventories: observation.inventories,
      locations: observation.locations,
      integrationIds: new Map(
        [...Object.values(observation.observed.registries), ...observation.observed.managedElsewhere].flatMap((r) =>
          r.integration ? [[r.address, r.integration.id] as const] : [],
        ),
      ),
      webhookBaseUrl: desired.webhookBaseUrl,
      registryConcurrency: options.registryConcurrency ?? Math.max(1, plan.registries.length),
      signal: options.signal,
      onProgress: options.onProgress,
      logger,
      now: options.now,
    });
    return { plan, result };
  } finally {
    if (renew) clearInterval(renew);
    await ports.lease
      ?.release(holder)
      .catch((error: unknown) => logger.warn({ err: String(error) }, 'lease release failed'));
  }
}

/**
 * Takes the lease, or waits for it up to `waitMs`: retries with exponential back-off (250 ms doubling to 15 s,
 * ±20 % jitter so that waiting reconcilers do not retry in step), never sleeping past the holder's expiry (a dead
 * holder's lease is free then) nor past the deadline. Throws {@link LeaseHeldError} once the wait is over, or
 * the signal's reason if it aborts first.
 */
export async function acquireLease(
  lease: LeasePort,
  holder: string,
  ttl: number,
  waitMs: number,
  signal?: AbortSignal,
  options: {
    random?: () => number;
    now?: () => number;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  } = {},
): Promise<void> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms, s) => delay(ms, undefined, s ? { signal: s } : undefined));
  const deadline = now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const outcome = await lease.acquire(holder, ttl);
    if (outcome.acquired) return;
    const left = deadline - now();
    if (left <= 0) throw new LeaseHeldError(outcome.holder, outcome.expiresAt);
    const backoff = Math.min(LEASE_RETRY_MAX_MS, LEASE_RETRY_FIRST_MS * 2 ** attempt) * (0.8 + 0.4 * random());
    const untilExpiry = Date.parse(outcome.expiresAt) - now();
    const wait = Math.max(
      LEASE_RETRY_FIRST_MS / 5,
      Math.min(backoff, left, Number.isFinite(untilExpiry) && untilExpiry > 0 ? untilExpiry + 50 : backoff),
    );
    await sleep(Math.round(wait), signal).catch((error: unknown) => {
      signal?.throwIfAborted(); // the caller's reason (e.g. shutdown), not the timer's AbortError
      throw error;
    });
  }
}

const LEASE_RETRY_FIRST_MS = 250;
const LEASE_RETRY_MAX_MS = 15_000;
