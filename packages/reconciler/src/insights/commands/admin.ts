/** `scout-acr repo list|enable|disable` and `scout-acr integration list|get|test`. */
import type { Integration, ScoutClient } from '@scout-acr/sdk/client';
import { ImageNotFoundError } from '../errors.js';
import { collect } from '../resolve.js';
import { renderFields, renderTable } from '../table.js';
import { type CommonOptions, runInsight } from './context.js';

export interface AdminOptions extends CommonOptions {
  json?: boolean;
}

/** The integration with this id or login server. */
export async function findIntegration(client: ScoutClient, idOrLoginServer: string): Promise<Integration> {
  const wanted = idOrLoginServer.toLowerCase();
  const found = (await collect(client.integrations.list())).find(
    (i) => i.id === idOrLoginServer || i.loginServer.toLowerCase() === wanted || i.name === idOrLoginServer,
  );
  if (!found) throw new ImageNotFoundError(`no integration "${idOrLoginServer}" in this organization`);
  return found;
}

/** An integration without its webhook URL (it carries the webhook secret). */
function publicView({ webhookUrl: _secret, ...rest }: Integration): Omit<Integration, 'webhookUrl'> {
  return rest;
}

export function integrationList(options: AdminOptions): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    const list = await collect(client.integrations.list());
    if (options.json) {
      out(`${JSON.stringify(list.map(publicView), null, 2)}\n`);
      return 0;
    }
    const rows = list.map((i) => [i.id, i.loginServer, i.status, i.statusReason ?? '']);
    out(renderTable(rows, ['ID', 'LOGIN SERVER', 'STATUS', 'REASON'].map(paint.dim)));
    return 0;
  });
}

function integrationText(i: Integration): string {
  const fields: Array<[string, string]> = [
    ['ID', i.id],
    ['Name', i.name],
    ['Login server', i.loginServer],
    ['Token', i.tokenName],
    ['Status', i.status],
  ];
  if (i.statusReason) fields.push(['Reason', i.statusReason]);
  return renderFields(fields, '');
}

export function integrationGet(idOrLoginServer: string, options: AdminOptions): Promise<number> {
  return runInsight(options, async ({ client, out }) => {
    const integration = await findIntegration(client, idOrLoginServer);
    out(options.json ? `${JSON.stringify(publicView(integration), null, 2)}\n` : integrationText(integration));
    return 0;
  });
}

export function integrationTest(idOrLoginServer: string, options: AdminOptions): Promise<number> {
  return runInsight(options, async ({ client, out }) => {
    const tested = await client.integrations.test((await findIntegration(client, idOrLoginServer)).id);
    out(options.json ? `${JSON.stringify(publicView(tested), null, 2)}\n` : integrationText(tested));
    return tested.status === 'CONNECTED' ? 0 : 1;
  });
}

export function repoList(registry: string, options: AdminOptions & { active?: boolean }): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    const integration = await findIntegration(client, registry);
    let repos = await collect(client.repositories.list(integration.id, { pageSize: 500 }));
    if (options.active) repos = repos.filter((r) => r.active);
    if (options.json) {
      out(`${JSON.stringify(repos, null, 2)}\n`);
      return 0;
    }
    const rows = repos.map((r) => [
      r.name,
      r.active ? paint.green('enabled') : 'disabled',
      r.activatedAt ?? '-',
      r.inCatalog ? 'yes' : paint.red('no'),
    ]);
    out(renderTable(rows, ['REPOSITORY', 'STATE', 'ENABLED AT', 'IN CATALOG'].map(paint.dim)));
    return 0;
  });
}

/** Names with `*` or `?` are glob patterns the server expands against the catalog. */
export function selectionOf(names: string[]): { names?: string[]; patterns?: string[] } {
  const patterns = names.filter((n) => /[*?]/.test(n));
  const exact = names.filter((n) => !/[*?]/.test(n));
  return { ...(exact.length > 0 ? { names: exact } : {}), ...(patterns.length > 0 ? { patterns } : {}) };
}

export function repoToggle(enable: boolean, registry: string, names: string[], options: AdminOptions): Promise<number> {
  return runInsight(options, async ({ client, out }) => {
    const integration = await findIntegration(client, registry);
    const selection = selectionOf(names);
    const result = enable
      ? await client.repositories.activate(integration.id, selection)
      : await client.repositories.deactivate(integration.id, selection);
    if (options.json) {
      out(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const verb = enable ? 'enabled' : 'disabled';
    for (const name of result.changed) out(`${verb} ${name}\n`);
    for (const name of result.unchanged) out(`already ${verb} ${name}\n`);
    if (enable && result.queuedJobs > 0) out(`queued ${result.queuedJobs} analyses\n`);
    return 0;
  });
}
