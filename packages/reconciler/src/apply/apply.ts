import { createHash } from 'node:crypto';
import { type Logger, ScoutAcrError, Secret, silentLogger, withRetries } from '@scout-acr/sdk';
import { DAY_MS } from '../plan/constants.js';
import { rebaseWebhookUrl } from '../plan/plan-registry.js';
import type { Plan, PlannedAction, RegistryPlan } from '../plan/types.js';
import type { Inventory, PasswordName } from '../state/types.js';
import { mapWithConcurrency } from './concurrency.js';
import type { AzurePort, RegistryLocation, ServerPort } from './ports.js';

export interface ApplyProgress {
  registry: string;
  action: PlannedAction;
  phase: 'start' | 'done' | 'failed';
  error?: unknown;
}

export interface ApplyOptions {
  azure: AzurePort;
  server: ServerPort;
  /** Current inventories by registry address (from observation). */
  inventories: Map<string, Inventory>;
  /** Server integration ids by registry address (from observation). */
  integrationIds?: Map<string, string>;
  /** Registry locations by address (from observation). */
  locations: Map<string, RegistryLocation>;
  webhookBaseUrl?: string | undefined;
  concurrency?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (event: ApplyProgress) => void;
  logger?: Logger;
  now?: () => Date;
}

export interface StepFailure {
  registry: string;
  address: string;
  error: ScoutAcrError | Error;
}

export interface ApplyResult {
  applied: number;
  failed: StepFailure[];
  /** Actions not attempted because an earlier step of the same registry failed or the run was aborted. */
  skipped: number;
}

/** A step failed for a reason that is not the caller's input: wraps non-ScoutAcr errors for reporting. */
export class ApplyStepError extends ScoutAcrError {
  constructor(address: string, cause: unknown) {
    super(`${address}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      code: cause instanceof ScoutAcrError ? cause.code : 'ApplyStepFailed',
      status: cause instanceof ScoutAcrError ? cause.status : undefined,
      requestId: cause instanceof ScoutAcrError ? cause.requestId : undefined,
      cause,
    });
  }
}

/**
 * Executes a plan: registries in parallel (bounded), steps in order within one. A failed step stops only its own
 * registry. Before anything is created its deterministic ARM id is written to the inventory (the intent), so a
 * crash between the two never leaves an untracked resource; a rerun finds it owned and converges.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, failed: [], skipped: 0 };
  await mapWithConcurrency(plan.registries, options.concurrency ?? 8, async (registryPlan) => {
    if (registryPlan.actions.length === 0) return;
    const runner = new RegistryRun(registryPlan, options);
    for (const [index, action] of registryPlan.actions.entries()) {
      if (options.signal?.aborted) {
        result.skipped += registryPlan.actions.length - index;
        return;
      }
      options.onProgress?.({ registry: registryPlan.address, action, phase: 'start' });
      try {
        await withRetries(() => runner.run(action), { maxRetries: 2, signal: options.signal });
        result.applied++;
        options.onProgress?.({ registry: registryPlan.address, action, phase: 'done' });
      } catch (error) {
        const failure = error instanceof ScoutAcrError ? error : new ApplyStepError(action.address, error);
        result.failed.push({ registry: registryPlan.address, address: action.address, error: failure });
        result.skipped += registryPlan.actions.length - index - 1;
        options.onProgress?.({ registry: registryPlan.address, action, phase: 'failed', error: failure });
        (options.logger ?? silentLogger).warn({ address: action.address, code: failure.code }, 'apply step failed');
        return;
      }
    }
    // A registry removed from the config is forgotten only once everything it owned is gone.
    if (registryPlan.status === 'removing') await options.server.deleteInventory(registryPlan.address);
  });
  return result;
}

/** State carried between the steps of one registry: the inventory, the integration, a password in flight. */
class RegistryRun {
  private inventory: Inventory;
  private integrationId: string | undefined;
  private password: { name: PasswordName; expiry: string; value: Secret } | undefined;

  constructor(
    private readonly plan: RegistryPlan,
    private readonly options: ApplyOptions,
  ) {
    this.inventory = options.inventories.get(plan.address) ?? { managedBy: 'scout-acr', address: plan.address };
    this.integrationId = options.integrationIds?.get(plan.address) ?? this.inventory.integrationId;
  }

  private get location(): RegistryLocation {
    const location = this.options.locations.get(this.plan.address);
    if (!location) throw new Error(`internal: no location observed for ${this.plan.address}`);
    return location;
  }

  private async record(patch: Partial<Inventory>): Promise<void> {
    const location = this.options.locations.get(this.plan.address);
    this.inventory = {
      ...this.inventory,
      ...(location ? { location } : {}),
      ...(this.plan.deletionPolicy ? { deletionPolicy: this.plan.deletionPolicy } : {}),
      ...patch,
    };
    await this.options.server.putInventory(this.inventory);
  }

  async run(action: PlannedAction): Promise<void> {
    const { azure, server } = this.options;
    const spec = action.spec;
    if (action.kind === 'delete') return this.remove(action);
    if (action.kind === 'forget') return server.deleteInventory(this.plan.address);
    switch (spec.resource) {
      case 'scopeMap': {
        if (action.kind === 'create') await this.record({ scopeMapId: `${this.location.id}/scopeMaps/${spec.name}` });
        await azure.putScopeMap(this.location, spec.name, spec.actions);
        return;
      }
      case 'token': {
        if (action.kind === 'create') await this.record({ tokenId: `${this.location.id}/tokens/${spec.name}` });
        await azure.putToken(this.location, spec.name, spec.scopeMap, spec.status);
        return;
      }
      case 'password': {
        const expiry = new Date((this.options.now?.() ?? new Date()).getTime() + spec.expiresInDays * DAY_MS);
        this.password = await azure.generatePassword(this.location, spec.tokenName, spec.passwordName, expiry);
        return;
      }
      case 'integration': {
        const password = this.password;
        if (action.kind === 'create') {
          if (!password) throw new Error('internal: integration create without a generated password');
          const created = await server.createIntegration({
            loginServer: spec.loginServer,
            tokenName: spec.tokenName,
            password: password.value,
          });
          this.integrationId = created.id;
          await this.record({ integrationId: created.id, password: { name: password.name, expiry: password.expiry } });
        } else {
          const id = this.requireIntegration();
          await server.updateIntegration(id, {
            loginServer: spec.loginServer,
            tokenName: spec.tokenName,
            password: password?.value,
          });
          if (password) await this.record({ password: { name: password.name, expiry: password.expiry } });
        }
        this.password = undefined;
        return;
      }
      case 'systemTopic': {
        const id = `/subscriptions/${this.location.subscriptionId}/resourceGroups/${this.location.resourceGroup}/providers/Microsoft.EventGrid/systemTopics/${spec.name}`;
        await this.record({ systemTopicId: id });
        await azure.putSystemTopic(this.location, spec.name);
        return;
      }
      case 'eventSubscription': {
        const id = this.requireIntegration();
        const url = await server.webhookUrl(id);
        const endpoint = this.options.webhookBaseUrl ? rebaseSecretUrl(url, this.options.webhookBaseUrl) : url;
        const subscriptionId = `/subscriptions/${this.location.subscriptionId}/resourceGroups/${this.location.resourceGroup}/providers/Microsoft.EventGrid/systemTopics/${spec.topicName}/eventSubscriptions/${spec.name}`;
        if (action.kind === 'create') await this.record({ eventSubscriptionId: subscriptionId });
        await azure.putEventSubscription(this.location, spec.topicName, spec.name, endpoint);
        // The server's fingerprint of the URL it issued (see the contract's `webhookFingerprint`), computed here
        // from the URL we already hold instead of listing every integration again.
        await this.record({ webhookFingerprint: webhookFingerprint(url) });
        return;
      }
      case 'repository': {
        const id = this.requireIntegration();
        if (action.kind === 'activate') await server.activate(id, { names: spec.names, patterns: spec.patterns });
        else await server.deactivate(id, spec.names);
        return;
      }
      case 'inventory':
        return this.record({});
    }
  }

  private requireIntegration(): string {
    if (!this.integrationId) throw new Error(`internal: ${this.plan.address} has no integration yet`);
    return this.integrationId;
  }

  private async remove(action: PlannedAction): Promise<void> {
    const { azure, server } = this.options;
    if (action.resource === 'integration') {
      if (action.targetId) await server.deleteIntegration(action.targetId);
      await this.record({ integrationId: undefined, password: undefined });
    } else if (action.targetId) {
      await azure.deleteResource(action.targetId);
      const field = (
        {
          scopeMap: 'scopeMapId',
          token: 'tokenId',
          systemTopic: 'systemTopicId',
          eventSubscription: 'eventSubscriptionId',
        } as const
      )[action.resource as 'scopeMap' | 'token' | 'systemTopic' | 'eventSubscription'];
      if (field) await this.record({ [field]: undefined });
    }
  }
}

/** First 16 hex characters of sha256 of the full webhook URL: the server's `webhookFingerprint`. */
export function webhookFingerprint(url: Secret): string {
  return createHash('sha256').update(url.reveal()).digest('hex').slice(0, 16);
}

function rebaseSecretUrl(url: Secret, publicBase: string): Secret {
  const full = new URL(url.reveal());
  const rebased = new URL(rebaseWebhookUrl(`${full.origin}${full.pathname}`, publicBase) as string);
  rebased.search = full.search;
  return new Secret(rebased.toString());
}
