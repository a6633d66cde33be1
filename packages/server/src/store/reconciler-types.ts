/**
 * Persistence of the reconciler's server-side state: inventories (one JSON document per managed registry) and
 * named leases. Part of `Store` (see `types.ts`); everything is scoped to an organization.
 */

export interface InventoryRow {
  orgId: string;
  address: string;
  /** The inventory document, as JSON text (validated by the API before it is stored). */
  document: string;
  /** 1 on creation, +1 per write. */
  revision: number;
  updatedAt: number;
}

export interface LeaseRow {
  orgId: string;
  name: string;
  holder: string;
  expiresAt: number;
  acquiredAt: number;
}

/** `ok` with the lease held by the caller, or `held` with the current lease (`undefined` when there is none). */
export type LeaseResult = { ok: true; lease: LeaseRow } | { ok: false; current: LeaseRow | undefined };

export interface ReconcilerStore {
  /** Inventories of the organization in address order, strictly after `after`. */
  listInventories(orgId: string, after: string | undefined, limit: number): Promise<InventoryRow[]>;
  /**
   * Creates or replaces an inventory. With `ifRevision`, writes only when the stored revision equals it (0: only
   * when there is none); returns `'conflict'` otherwise.
   */
  putInventory(
    orgId: string,
    address: string,
    document: string,
    ifRevision: number | undefined,
    now: number,
  ): Promise<InventoryRow | 'conflict'>;
  deleteInventory(orgId: string, address: string): Promise<boolean>;

  /** Takes the lease when it is free, expired, or already the holder's (then renews). Atomic. */
  acquireLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult>;
  /** Extends the lease only while `holder` still has it (even past expiry, if nobody took it since). */
  renewLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult>;
  /**
   * Deletes the lease when `holder` has it (or it has expired). `released: false` when there was none; `ok:
   * false` when another holder has it live.
   */
  releaseLease(
    orgId: string,
    name: string,
    holder: string,
    now: number,
  ): Promise<{ ok: true; released: boolean } | { ok: false; current: LeaseRow }>;
}
