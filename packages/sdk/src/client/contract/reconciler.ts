import { z } from 'zod';
import { ApiErrorBody, contractSchemas, pageOf, Timestamp } from './common.js';
import type { RouteDef } from './routes.js';

/**
 * The reconciler's server-side state: one inventory per managed registry (what scout-acr created there, written
 * as an intent before each create) and named leases so two reconcilers never act at once. Both live in the
 * caller's organization; another organization's are invisible.
 */

/** `<subscription>/<resourceGroup>/<name or login server>`, as the reconciler builds it (lower case). */
export const RegistryAddress = z
  .string()
  .min(5)
  .max(400)
  .regex(/^[a-z0-9-]{1,64}\/[-\w.()]{1,90}\/[a-z0-9.:-]{1,253}$/, 'an address `<subscription>/<resourceGroup>/<name>`');

const ArmId = z
  .string()
  .max(1024)
  .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+$/i, 'an ARM resource id');

/** What scout-acr created for one registry. Strict: unknown fields (a password value, say) are refused. */
export const ReconcilerInventory = z
  .strictObject({
    managedBy: z.literal('scout-acr'),
    address: RegistryAddress,
    integrationId: z.string().min(1).max(64).optional(),
    location: z
      .strictObject({
        subscriptionId: z.string().min(1).max(64),
        resourceGroup: z.string().min(1).max(90),
        name: z.string().min(1).max(50),
        id: ArmId,
        loginServer: z.string().min(1).max(253),
      })
      .optional(),
    scopeMapId: ArmId.optional(),
    tokenId: ArmId.optional(),
    systemTopicId: ArmId.optional(),
    eventSubscriptionId: ArmId.optional(),
    webhookFingerprint: z
      .string()
      .regex(/^[0-9a-f]{8,64}$/, 'a hex sha256 prefix')
      .optional()
      .describe('Fingerprint of the webhook URL last written to the event subscription'),
    password: z
      .strictObject({ name: z.enum(['password1', 'password2']), expiry: z.iso.datetime({ offset: true }) })
      .optional()
      .describe('Which token password the server holds, with its expiry. Never the value.'),
    adopted: z.array(ArmId).max(100).optional().describe('Resources adopted from Docker’s ARM template'),
    deletionPolicy: z.enum(['delete', 'orphan']).optional(),
  })
  .register(contractSchemas, { id: 'ReconcilerInventory' });
export type ReconcilerInventory = z.infer<typeof ReconcilerInventory>;

/** An inventory as stored: the document, its revision (for optimistic concurrency) and last write time. */
export const StoredInventory = z
  .object({
    address: z.string(),
    revision: z.number().int().min(1).describe('Starts at 1; each write adds 1. Pass as `ifRevision` to guard a write'),
    updatedAt: Timestamp,
    inventory: ReconcilerInventory,
  })
  .register(contractSchemas, { id: 'StoredInventory' });
export type StoredInventory = z.infer<typeof StoredInventory>;

export const StoredInventoryList = pageOf(StoredInventory).register(contractSchemas, { id: 'StoredInventoryList' });

export const InventoryParams = z.object({ address: RegistryAddress });

export const PutInventoryQuery = z.object({
  ifRevision: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Write only if the stored revision is this one (0: only if there is none); else 409'),
});

export const LeaseName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a lease name: lower-case letters, digits, `.`, `_`, `-`');
export const LeaseParams = z.object({ name: LeaseName });

const Holder = z.string().min(1).max(200).describe('Who holds the lease, e.g. `<host>/<pid>/<uuid>`');

export const LeaseRequest = z
  .object({ holder: Holder, ttlSeconds: z.number().int().min(1).max(86_400) })
  .register(contractSchemas, { id: 'LeaseRequest' });
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const ReleaseLeaseQuery = z.object({ holder: Holder });

/** A lease held: by whom and until when (server clock). */
export const Lease = z
  .object({ name: z.string(), acquired: z.literal(true), holder: z.string(), expiresAt: Timestamp })
  .register(contractSchemas, { id: 'Lease' });
export type Lease = z.infer<typeof Lease>;

/** The result of acquiring or renewing: held by the caller, or by someone else (`holder` null when nobody). */
export type LeaseOutcome = Lease | { name: string; acquired: false; holder: string | null; expiresAt: string | null };

export const LeaseReleased = z
  .object({ released: z.boolean().describe('False when the lease was not held (idempotent)') })
  .register(contractSchemas, { id: 'LeaseReleased' });

const InventoryDeleted = z
  .object({ deleted: z.boolean().describe('False when there was no such inventory (idempotent)') })
  .register(contractSchemas, { id: 'InventoryDeleted' });

/** The 409 of the lease routes: the common error plus who holds the lease (`null`s when nobody does). */
export const LeaseConflict = ApiErrorBody.extend({
  name: z.string(),
  acquired: z.literal(false),
  holder: z.string().nullable(),
  expiresAt: Timestamp.nullable(),
}).register(contractSchemas, { id: 'LeaseConflict' });
export type LeaseConflict = z.infer<typeof LeaseConflict>;

const LEASE_HELD = { description: 'Another holder has a live lease', schema: LeaseConflict };

function route<const R extends RouteDef>(def: R): R {
  return def;
}

/** The reconciler's routes; spread into the contract's route table. */
export const reconcilerRoutes = {
  listInventories: route({
    operationId: 'listInventories',
    method: 'GET',
    path: '/v1/reconciler/inventories',
    role: 'viewer',
    summary: 'Every inventory of the organization, by address',
    query: z.object({
      cursor: z.string().max(512).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional().describe('Default 500'),
    }),
    response: StoredInventoryList,
    status: 200,
    paginated: true,
  }),
  putInventory: route({
    operationId: 'putInventory',
    method: 'PUT',
    path: '/v1/reconciler/inventories/{address}',
    role: 'admin',
    summary: 'Create or replace the inventory of a registry (the address is URL-encoded)',
    params: InventoryParams,
    query: PutInventoryQuery,
    body: ReconcilerInventory,
    response: StoredInventory,
    errors: { 409: 'The stored revision is not `ifRevision`' },
    status: 200,
  }),
  deleteInventory: route({
    operationId: 'deleteInventory',
    method: 'DELETE',
    path: '/v1/reconciler/inventories/{address}',
    role: 'admin',
    summary: 'Delete the inventory of a registry (idempotent)',
    params: InventoryParams,
    response: InventoryDeleted,
    status: 200,
  }),
  acquireLease: route({
    operationId: 'acquireLease',
    method: 'POST',
    path: '/v1/reconciler/leases/{name}',
    role: 'admin',
    summary: 'Take the lease if it is free or expired (the same holder renews); 409 while another holds it',
    params: LeaseParams,
    body: LeaseRequest,
    response: Lease,
    errors: { 409: LEASE_HELD },
    status: 200,
  }),
  renewLease: route({
    operationId: 'renewLease',
    method: 'PUT',
    path: '/v1/reconciler/leases/{name}',
    role: 'admin',
    summary: 'Extend a lease the holder still has; 409 when it was lost',
    params: LeaseParams,
    body: LeaseRequest,
    response: Lease,
    errors: {
      409: {
        description: 'The lease is not held by this holder (released, or taken after it expired)',
        schema: LeaseConflict,
      },
    },
    status: 200,
  }),
  releaseLease: route({
    operationId: 'releaseLease',
    method: 'DELETE',
    path: '/v1/reconciler/leases/{name}',
    role: 'admin',
    summary: 'Release a lease (only its holder may; idempotent)',
    params: LeaseParams,
    query: ReleaseLeaseQuery,
    response: LeaseReleased,
    errors: { 409: LEASE_HELD },
    status: 200,
  }),
} as const;
