import { randomBytes } from 'node:crypto';
import { ScoutAcrError } from '@scout-acr/sdk/errors';
import { constantTimeEqualHash, sha256 } from '../crypto/index.js';
import type { ApiKeyRow, Role, Store } from '../store/index.js';

/**
 * API keys look like `sacr_<id>_<secret>`: the 12-hex `id` is the lookup key (stored in clear, shown by
 * `keys list`), the 32-byte base64url `secret` gives 256 bits of entropy. Only sha256 of the whole key is
 * stored; a fast hash is right for high-entropy keys (no dictionary to defend against) and keeps auth cheap.
 */
const KEY_PATTERN = /^sacr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface Principal {
  orgId: string;
  orgName: string;
  role: Role;
  keyId: string;
}

export async function createApiKey(
  store: Store,
  input: { org: string; role: Role; name?: string | undefined },
  now = Date.now(),
): Promise<{ key: string; id: string; orgId: string }> {
  const org = await store.ensureOrganization(input.org, now);
  const id = randomBytes(6).toString('hex');
  const key = `sacr_${id}_${randomBytes(32).toString('base64url')}`;
  await store.insertApiKey({
    id,
    orgId: org.id,
    role: input.role,
    hash: sha256(key),
    name: input.name ?? null,
    createdAt: now,
    revokedAt: null,
  });
  return { key, id, orgId: org.id };
}

/** Resolves a bearer key to its principal; `undefined` for malformed, unknown, revoked or wrong keys alike. */
export async function authenticateApiKey(store: Store, key: string): Promise<Principal | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const row: ApiKeyRow | undefined = await store.getApiKey(match[1] as string);
  if (!row || row.revokedAt !== null || !constantTimeEqualHash(key, row.hash)) return undefined;
  const org = await store.getOrganization(row.orgId);
  if (!org) return undefined;
  return { orgId: org.id, orgName: org.name, role: row.role, keyId: row.id };
}

export function parseRole(value: string): Role {
  if (value === 'viewer' || value === 'admin') return value;
  throw new ScoutAcrError(`role must be viewer or admin, not ${JSON.stringify(value)}`, { code: 'InvalidRole' });
}
