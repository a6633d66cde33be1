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
  /** Registries applied at once when `registryConcurrency` is not set. */
  concurrency?: number;
  /**
   * Registries applied at once. The ARM request budget is the Azure port's (its own `concurrency`), so this can
   * be well above it: registries waiting on a long-running operation then leave the request slots to others.
   */
  registryConcurrency?: number;
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
 * Executes a plan: registries in parallel, the steps of one registry in DESIGN.md §3's order except where a step
 * needs nothing from the one before it (see {@link mayOverlap}). A failed step stops its registry: steps already
 * running finish, none starts after it. Before the registry's first create, the deterministic ARM ids of
 * everything its plan creates are written to the inventory (the intents), so a crash never leaves an untracked
 * resource; a rerun finds it owned and converges.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, failed: [], skipped: 0 };
  const registries = options.registryConcurrency ?? options.concurrency ?? 8;
  await mapWithConcurrency(plan.registries, registries, async (registryPlan) => {
    if (registryPlan.actions.length === 0) return;
    const completed = await applyRegistry(registryPlan, new RegistryRun(registryPlan, options), options, result);
    // A registry removed from the config is forgotten only once everything it owned is gone.
    if (completed && registryPlan.status === 'removing') await options.server.deleteInventory(registryPlan.address);
  });
  return result;
}

const TOKEN_CHAIN = new Set<PlannedAction['resource']>(['scopeMap', 'token', 'password', 'integration']);

/**
 * Whether two steps of one registry may run at the same time. Only one pair of chains is independent: the
 * system topic (it needs the registry, nothing else) and the token → password → integration chain. The
 * subscription still waits for both (its URL comes from the integration, its parent is the topic), activation
 * still waits for the subscription, and removal stays strictly ordered.
 */
export function mayOverlap(a: PlannedAction, b: PlannedAction): boolean {
  const provisioning = (x: PlannedAction) => x.kind !== 'delete' && x.kind !== 'forget';
  if (!provisioning(a) || !provisioning(b)) return false;
  return (
    (a.resource === 'systemTopic' && TOKEN_CHAIN.has(b.resource)) ||
    (b.resource === 'systemTopic' && TOKEN_CHAIN.has(a.resource))
  );
}

/** Runs one registry's steps, each once every earlier step it may not overlap has succeeded. True if all did. */
async function applyRegistry(
  registryPlan: RegistryPlan,
  runner: RegistryRun,
  options: ApplyOptions,
  result: ApplyResult,
): Promise<boolean> {
  let stopped = false;
  const steps: Array<Promise<boolean>> = [];
  for (const [index, action] of registryPlan.actions.entries()) {
    const before = steps.filter((_, j) => !mayOverlap(registryPlan.actions[j] as PlannedAction, action));
    steps[index] = (async () => {
      const ready = (await Promise.all(before)).every(Boolean);
      if (!ready || stopped || options.signal?.aborted) {
        result.skipped++;
        return false;
      }
      options.onProgress?.({ registry: registryPlan.address, action, phase: 'start' });
      try {
        await withRetries(() => runner.run(action), { maxRetries: 2, signal: options.signal });
        result.applied++;
        options.onProgress?.({ registry: registryPlan.address, action, phase: 'done' });
        return true;
      } catch (error) {
        stopped = true;
        const failure = error instanceof ScoutAcrError ? error : new ApplyStepError(action.address, error);
        result.failed.push({ registry: registryPlan.address, address: action.address, error: failure });
        options.onProgress?.({ registry: registryPlan.address, action, phase: 'failed', error: failure });
        (options.logger ?? silentLogger).warn({ address: action.address, code: failure.code }, 'apply step failed');
        return false;
      }
    })();
  }
  return (await Promise.all(steps)).every(Boolean);
}

/** State carried between the steps of one registry: the inventory, the integration, a password in flight. */
class RegistryRun {
  private inventory: Inventory;
  /** Inventory writes of this registry, one after another (steps may overlap; the server must see them in order). */
  private writes: Promise<unknown> = Promise.resolve();
  private intents: Promise<void> | undefined;
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
    // Each write sends the inventory as it is when its turn comes: a later write always carries every earlier
    // intent, whichever overlapping step recorded it.
    const write = this.writes.then(() => this.options.server.putInventory(this.inventory));
    this.writes = write.catch(() => {});
    await write;
  }

  /**
   * The intents of every resource this registry's plan creates, in one inventory write before the first of them
   * is created (their ARM ids are deterministic). Written once; a failed write is retried by the next step.
   */
  private recordIntents(): Promise<void> {
    this.intents ??= this.record(this.intentPatch()).catch((error: unknown) => {
      this.intents = undefined;
      throw error;
    });
    return this.intents;
  }

  private intentPatch(): Partial<Inventory> {
    const { id, subscriptionId, resourceGroup } = this.location;
    const topics = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.EventGrid/systemTopics`;
    const patch: Partial<Inventory> = {};
    for (const { kind, spec } of this.plan.actions) {
      if (kind === 'delete' || kind === 'forget') continue;
      if (spec.resource === 'systemTopic') patch.systemTopicId = `${topics}/${spec.name}`;
      if (kind !== 'create') continue;
      if (spec.resource === 'scopeMap') patch.scopeMapId = `${id}/scopeMaps/${spec.name}`;
      if (spec.resource === 'token') patch.tokenId = `${id}/tokens/${spec.name}`;
      if (spec.resource === 'eventSubscription')
        patch.eventSubscriptionId = `${topics}/${spec.topicName}/eventSubscriptions/${spec.name}`;
    }
    return patch;
  }

  async run(action: PlannedAction): Promise<void> {
    const { azure, server } = this.options;
    const spec = action.spec;
    if (action.kind === 'delete') return this.remove(action);
    if (action.kind === 'forget') return server.deleteInventory(this.plan.address);
    switch (spec.resource) {
      case 'scopeMap': {
        await this.recordIntents();
        await azure.putScopeMap(this.location, spec.name, spec.actions);
        return;
      }
      case 'token': {
        await this.recordIntents();
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
        await this.recordIntents();
        await azure.putSystemTopic(this.location, spec.name);
        return;
      }
      case 'eventSubscription': {
        const id = this.requireIntegration();
        const url = await server.webhookUrl(id);
        const endpoint = this.options.webhookBaseUrl ? rebaseSecretUrl(url, this.options.webhookBaseUrl) : url;
        await this.recordIntents();
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
