import type Database from 'better-sqlite3';
import type { InventoryRow, LeaseResult, LeaseRow, ReconcilerStore } from '../reconciler-types.js';

type Raw = Record<string, unknown>;

const toInventory = (r: Raw): InventoryRow => ({
  orgId: r.org_id as string,
  address: r.address as string,
  document: r.document as string,
  revision: Number(r.revision),
  updatedAt: Number(r.updated_at),
});

const toLease = (r: Raw): LeaseRow => ({
  orgId: r.org_id as string,
  name: r.name as string,
  holder: r.holder as string,
  expiresAt: Number(r.expires_at),
  acquiredAt: Number(r.acquired_at),
});

/**
 * Inventories and leases in SQLite. Every lease change is one conditional statement inside an IMMEDIATE
 * transaction (the write lock is taken before the read), so two reconcilers — even through two server processes
 * on the same file — can never both believe they hold a lease.
 */
export class SqliteReconcilerStore implements ReconcilerStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async listInventories(orgId: string, after: string | undefined, limit: number): Promise<InventoryRow[]> {
    return this.#db
      .prepare('SELECT * FROM reconciler_inventories WHERE org_id = ? AND address > ? ORDER BY address LIMIT ?')
      .all(orgId, after ?? '', limit)
      .map((r) => toInventory(r as Raw));
  }

  async putInventory(
    orgId: string,
    address: string,
    document: string,
    ifRevision: number | undefined,
    now: number,
  ): Promise<InventoryRow | 'conflict'> {
    const get = this.#db.prepare('SELECT * FROM reconciler_inventories WHERE org_id = ? AND address = ?');
    const upsert = this.#db.prepare(
      `INSERT INTO reconciler_inventories (org_id, address, document, revision, updated_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (org_id, address) DO UPDATE SET document = excluded.document, revision = revision + 1,
       updated_at = excluded.updated_at`,
    );
    return this.#db
      .transaction((): InventoryRow | 'conflict' => {
        if (ifRevision !== undefined) {
          const current = get.get(orgId, address) as Raw | undefined;
          if ((current ? Number(current.revision) : 0) !== ifRevision) return 'conflict';
        }
        upsert.run(orgId, address, document, now);
        return toInventory(get.get(orgId, address) as Raw);
      })
      .immediate();
  }

  async deleteInventory(orgId: string, address: string): Promise<boolean> {
    return (
      this.#db.prepare('DELETE FROM reconciler_inventories WHERE org_id = ? AND address = ?').run(orgId, address)
        .changes > 0
    );
  }

  #getLease(orgId: string, name: string): LeaseRow | undefined {
    const row = this.#db.prepare('SELECT * FROM reconciler_leases WHERE org_id = ? AND name = ?').get(orgId, name);
    return row ? toLease(row as Raw) : undefined;
  }

  async acquireLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult> {
    // One upsert whose update applies only when the row is the holder's or has expired: no read-then-write race.
    const take = this.#db.prepare(
      `INSERT INTO reconciler_leases (org_id, name, holder, expires_at, acquired_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (org_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
       acquired_at = CASE WHEN reconciler_leases.holder = excluded.holder THEN reconciler_leases.acquired_at
       ELSE excluded.acquired_at END
       WHERE reconciler_leases.holder = excluded.holder OR reconciler_leases.expires_at <= ?`,
    );
    return this.#db
      .transaction((): LeaseResult => {
        const { changes } = take.run(orgId, name, holder, now + ttlMs, now, now);
        const current = this.#getLease(orgId, name);
        return changes > 0 && current ? { ok: true, lease: current } : { ok: false, current };
      })
      .immediate();
  }

  async renewLease(orgId: string, name: string, holder: string, ttlMs: number, now: number): Promise<LeaseResult> {
    const extend = this.#db.prepare(
      'UPDATE reconciler_leases SET expires_at = ? WHERE org_id = ? AND name = ? AND holder = ?',
    );
    return this.#db
      .transaction((): LeaseResult => {
        const { changes } = extend.run(now + ttlMs, orgId, name, holder);
        const current = this.#getLease(orgId, name);
        return changes > 0 && current ? { ok: true, lease: current } : { ok: false, current };
      })
      .immediate();
  }

  async releaseLease(
    orgId: string,
    name: string,
    holder: string,
    now: number,
  ): Promise<{ ok: true; released: boolean } | { ok: false; current: LeaseRow }> {
    const drop = this.#db.prepare(
      'DELETE FROM reconciler_leases WHERE org_id = ? AND name = ? AND (holder = ? OR expires_at <= ?)',
    );
    return this.#db
      .transaction(() => {
        const current = this.#getLease(orgId, name);
        if (!current) return { ok: true as const, released: false };
        const { changes } = drop.run(orgId, name, holder, now);
        if (changes > 0) return { ok: true as const, released: current.holder === holder };
        return { ok: false as const, current };
      })
      .immediate();
  }
}
