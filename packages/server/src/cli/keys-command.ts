import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createApiKey, parseRole } from '../auth/api-keys.js';
import { ENV, resolveServeConfig, UsageError } from '../config/config.js';
import { SqliteStore } from '../store/index.js';

function openStore(data: string | undefined): SqliteStore {
  const { dataDir } = resolveServeConfig({ data });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return new SqliteStore(join(dataDir, 'scout-acr.db'));
}

/** `keys create|list|revoke`: API key administration on the data directory (safe while the server runs). */
export function addKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (stored as hashes; a key is shown once)');
  const dataOption = `data directory (env ${ENV.data})`;

  keys
    .command('create')
    .description('Create an API key; prints the key once on stdout')
    .requiredOption('--org <name>', 'organization (created if new)')
    .option('--role <role>', 'viewer or admin', 'viewer')
    .option('--name <name>', 'a label for the key')
    .option('--data <dir>', dataOption)
    .option('--json', 'print {id, org, role, key} as JSON')
    .action(async (flags: { org: string; role: string; name?: string; data?: string; json?: boolean }) => {
      const store = openStore(flags.data);
      try {
        const role = parseRole(flags.role);
        const { key, id } = await createApiKey(store, { org: flags.org, role, name: flags.name });
        if (flags.json) process.stdout.write(`${JSON.stringify({ id, org: flags.org, role, key })}\n`);
        else {
          process.stdout.write(`${key}\n`);
          process.stderr.write(`created ${role} key ${id} for organization ${flags.org}; it is not shown again\n`);
        }
      } finally {
        await store.close();
      }
    });

  keys
    .command('list')
    .description('List API keys (ids, organizations, roles; never the keys)')
    .option('--data <dir>', dataOption)
    .option('--json', 'print JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      const store = openStore(flags.data);
      try {
        const rows = await store.listApiKeys();
        const orgNames = new Map<string, string>();
        for (const r of rows) orgNames.set(r.orgId, (await store.getOrganization(r.orgId))?.name ?? r.orgId);
        const view = rows.map((r) => ({
          id: r.id,
          org: orgNames.get(r.orgId),
          role: r.role,
          name: r.name,
          createdAt: new Date(r.createdAt).toISOString(),
          revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt).toISOString(),
        }));
        if (flags.json) process.stdout.write(`${JSON.stringify(view)}\n`);
        else {
          process.stdout.write('ID            ORG                  ROLE    STATE    NAME\n');
          for (const k of view) {
            process.stdout.write(
              `${k.id}  ${String(k.org).padEnd(20)} ${k.role.padEnd(7)} ${(k.revokedAt ? 'revoked' : 'active').padEnd(8)} ${k.name ?? ''}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    });

  keys
    .command('revoke <id>')
    .description('Revoke an API key by its id (the part after `sacr_`)')
    .option('--data <dir>', dataOption)
    .action(async (id: string, flags: { data?: string }) => {
      const store = openStore(flags.data);
      try {
        if (!(await store.revokeApiKey(id, Date.now()))) {
          throw new UsageError(`no active API key with id ${id}`);
        }
        process.stderr.write(`revoked API key ${id}\n`);
      } finally {
        await store.close();
      }
    });
}
