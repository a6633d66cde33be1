import type { Lease, StoredInventory } from '@scout-acr/sdk/client';
import { badRequest, HttpError } from '../http/index.js';
import type { ApiHandler } from '../routes/api-handlers.js';
import { decodeCursor, encodeCursor } from '../routes/cursor.js';
import type { InventoryRow, LeaseRow } from '../store/index.js';

type ReconcilerOperation =
  | 'listInventories'
  | 'putInventory'
  | 'deleteInventory'
  | 'acquireLease'
  | 'renewLease'
  | 'releaseLease';

/** One call should return every inventory of an organization: the page is as large as the contract allows. */
const INVENTORY_PAGE_SIZE = 500;

const iso = (ms: number) => new Date(ms).toISOString();

function toStoredInventory(row: InventoryRow): StoredInventory {
  return {
    address: row.address,
    revision: row.revision,
    updatedAt: iso(row.updatedAt),
    inventory: JSON.parse(row.document) as StoredInventory['inventory'],
  };
}

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  acquired: true,
  holder: row.holder,
  expiresAt: iso(row.expiresAt),
});

/**
 * 409 with who holds the lease: `{acquired: false, holder, expiresAt, error}`. The same facts travel in
 * `error.details` so a client that only reads the error body (ScoutClient) can report them.
 */
function leaseConflict(name: string, current: LeaseRow | undefined, message: string): HttpError {
  const holder = current?.holder ?? null;
  const expiresAt = current ? iso(current.expiresAt) : null;
  return new HttpError(409, 'LeaseHeld', message, {
    body: { name, acquired: false, holder, expiresAt },
    details: [
      { path: 'holder', message: holder ?? '' },
      { path: 'expiresAt', message: expiresAt ?? '' },
    ],
  });
}

/**
 * The reconciler's routes: inventories (create/replace, list, delete) and leases (acquire, renew, release),
 * all in the caller's organization. Lease expiry uses the server's clock (`ctx.now`).
 */
export function createReconcilerHandlers(): { [K in ReconcilerOperation]: ApiHandler<K> } {
  return {
    listInventories: async (ctx, p, { query }) => {
      const limit = query.limit ?? INVENTORY_PAGE_SIZE;
      const rows = await ctx.store.listInventories(p.orgId, decodeCursor(query.cursor), limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toStoredInventory),
        nextCursor: rows.length > limit && last ? encodeCursor(last.address) : null,
      };
    },
    putInventory: async (ctx, p, { params, query, body }) => {
      if (body.address !== params.address) {
        throw badRequest('the inventory’s address must be the address in the path', [
          { path: 'address', message: 'differs from the path' },
        ]);
      }
      const result = await ctx.store.putInventory(
        p.orgId,
        params.address,
        JSON.stringify(body),
        query.ifRevision,
        ctx.now(),
      );
      if (result === 'conflict') {
        throw new HttpError(409, 'RevisionConflict', 'the inventory changed since revision ifRevision; read it again');
      }
      return toStoredInventory(result);
    },
    deleteInventory: async (ctx, p, { params }) => ({
      deleted: await ctx.store.deleteInventory(p.orgId, params.address),
    }),
    acquireLease: async (ctx, p, { params, body }) => {
      const result = await ctx.store.acquireLease(p.orgId, params.name, body.holder, body.ttlSeconds * 1000, ctx.now());
      if (!result.ok) throw leaseConflict(params.name, result.current, 'the lease is held by another holder');
      return toLease(result.lease);
    },
    renewLease: async (ctx, p, { params, body }) => {
      const result = await ctx.store.renewLease(p.orgId, params.name, body.holder, body.ttlSeconds * 1000, ctx.now());
      if (!result.ok) throw leaseConflict(params.name, result.current, 'the lease is not held by this holder');
      return toLease(result.lease);
    },
    releaseLease: async (ctx, p, { params, query }) => {
      const result = await ctx.store.releaseLease(p.orgId, params.name, query.holder, ctx.now());
      if (!result.ok) throw leaseConflict(params.name, result.current, 'only the lease’s holder may release it');
      return { released: result.released };
    },
  };
}
