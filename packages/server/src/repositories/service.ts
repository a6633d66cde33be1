import type { ActivationResult, Repository, RepositorySelection } from '@scout-acr/sdk/client';
import type { Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/index.js';
import { JOB_KINDS } from '../images/image-job.js';
import { credentialsOf, getOwnedIntegration } from '../integrations/service.js';
import type { IntegrationRow } from '../store/index.js';
import { newJobId } from '../webhook/events-to-records.js';
import { selectRepositories } from './glob.js';

async function catalogOf(ctx: ServerContext, integration: IntegrationRow): Promise<string[]> {
  try {
    return await ctx.gateways(credentialsOf(ctx, integration)).catalog();
  } catch (error) {
    ctx.metrics.registryErrors.inc({ operation: 'catalog' });
    ctx.logger.warn({ integrationId: integration.id, err: error }, 'reading the catalog failed');
    // A failed read never means "no repositories": the caller must know the list is unavailable.
    throw new HttpError(502, 'RegistryUnavailable', 'the registry catalog could not be read', {
      headers: { 'retry-after': '5' },
    });
  }
}

/** The registry catalog joined with activation state; activated repositories missing from the catalog too. */
export async function listRepositories(ctx: ServerContext, principal: Principal, id: string): Promise<Repository[]> {
  const integration = await getOwnedIntegration(ctx, principal, id);
  const [catalog, activations] = await Promise.all([catalogOf(ctx, integration), ctx.store.listActivations(id)]);
  const byName = new Map(activations.map((a) => [a.name, a]));
  const inCatalog = new Set(catalog);
  const names = [...new Set([...catalog, ...activations.filter((a) => a.active).map((a) => a.name)])].sort();
  return names.map((name) => {
    const a = byName.get(name);
    return {
      name,
      active: a?.active ?? false,
      activatedAt: a?.activatedAt ? new Date(a.activatedAt).toISOString() : null,
      inCatalog: inCatalog.has(name),
    };
  });
}

/**
 * Activates or deactivates the selected repositories. Patterns expand against the catalog (read only when a
 * pattern is given). Activation queues one job per newly active repository to record its latest image.
 */
export async function setActivation(
  ctx: ServerContext,
  principal: Principal,
  id: string,
  selection: RepositorySelection,
  active: boolean,
  maxAttempts: number,
): Promise<ActivationResult> {
  const integration = await getOwnedIntegration(ctx, principal, id);
  let catalog: string[] = [];
  if ((selection.patterns?.length ?? 0) > 0) {
    catalog = active ? await catalogOf(ctx, integration) : (await ctx.store.listActivations(id)).map((a) => a.name);
  }
  const selected = selectRepositories(catalog, selection.names, selection.patterns);
  const now = ctx.now();
  const changed = await ctx.store.setActivation(id, selected, active, now);
  if (active && changed.length > 0) {
    await ctx.store.insertJobs(
      changed.map((repository) => ({
        id: newJobId(),
        integrationId: id,
        kind: JOB_KINDS.latest,
        payload: { repository },
        repository,
        reference: null,
        maxAttempts,
        runAt: now,
      })),
      now,
    );
  }
  const changedSet = new Set(changed);
  return {
    changed,
    unchanged: selected.filter((n) => !changedSet.has(n)),
    queuedJobs: active ? changed.length : 0,
  };
}
