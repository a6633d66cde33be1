import type { SqliteStore } from '../../src/store/index.js';

/**
 * Puts organization `o` and one CONNECTED integration with placeholder secrets into a store, for tests of the
 * store and of what runs on it (jobs, analysis, findings). Returns the organization id.
 */
export async function seedIntegration(store: SqliteStore, id: string, loginServer = 'r'): Promise<string> {
  const org = await store.ensureOrganization('o', 0);
  await store.insertIntegration({
    id,
    orgId: org.id,
    name: 'n',
    loginServer,
    tokenName: 't',
    passwordEnc: Buffer.alloc(1),
    webhookSecretEnc: Buffer.alloc(1),
    webhookSecretHash: Buffer.alloc(32),
    status: 'CONNECTED',
    statusReason: null,
    failure: null,
    lastCheckedAt: null,
    createdAt: 0,
    updatedAt: 0,
  });
  return org.id;
}
