import { selectRepositories } from '../repositories/index.js';
import type {
  DesiredRegistry,
  DesiredState,
  ObservedEventSubscription,
  ObservedRegistry,
  ObservedToken,
  PasswordName,
} from '../state/types.js';
import { BUILTIN_READ_SCOPE_MAP, DAY_MS, IMAGE_EVENT_TYPES, SUBSCRIPTION_DEFAULTS } from './constants.js';
import type { FieldChange, PlannedAction, RegistryPlan } from './types.js';

const addressOf = (registry: string, resource: string, name?: string) =>
  `registry["${registry}"].${resource}${name === undefined ? '' : `["${name}"]`}`;

/** Scope-map actions granting read of exactly these repositories. */
export function leastPrivilegeActions(repositories: string[]): string[] {
  return repositories.flatMap((repo) => [`repositories/${repo}/content/read`, `repositories/${repo}/metadata/read`]);
}

/**
 * Which password to hand to the server now, if any. A new one is due when none was handed over, when the token no
 * longer has the one the server uses (deleted or regenerated outside scout-acr), or when it expires within the
 * rotation lead time. The new one is always the *other* name, so the one in use keeps working until it lapses.
 */
export function passwordDue(
  desired: DesiredRegistry,
  observed: ObservedRegistry,
  token: ObservedToken | undefined,
  now: Date,
): { name: PasswordName; reason: string } | undefined {
  const current = observed.inventory?.password;
  if (!observed.integration) return { name: 'password1', reason: 'the server has no credential for this registry' };
  if (!current) return { name: 'password1', reason: 'no password recorded as handed to the server' };
  const other: PasswordName = current.name === 'password1' ? 'password2' : 'password1';
  const onToken = token?.passwords.find((p) => p.name === current.name);
  if (token && !onToken) return { name: other, reason: `${current.name} no longer exists on the token` };
  const expiry = Date.parse(onToken?.expiry ?? current.expiry);
  if (Number.isNaN(expiry)) return undefined;
  const daysLeft = (expiry - now.getTime()) / DAY_MS;
  if (daysLeft <= desired.password.rotateBeforeDays) {
    return {
      name: other,
      reason:
        daysLeft <= 0
          ? `${current.name} expired on ${new Date(expiry).toISOString()}`
          : `${current.name} expires in ${Math.ceil(daysLeft)} day(s), within the ${desired.password.rotateBeforeDays}-day rotation lead time`,
    };
  }
  if (
    observed.integration.status === 'FAILED' &&
    /password|credential|unauthori[sz]ed/i.test(observed.integration.statusReason ?? '')
  ) {
    return { name: other, reason: `the server reports the credential failing: ${observed.integration.statusReason}` };
  }
  return undefined;
}

function subscriptionDiff(
  existing: ObservedEventSubscription,
  webhookBaseUrl: string | undefined,
  fingerprintChanged: boolean,
): FieldChange[] {
  const changes: FieldChange[] = [];
  if (webhookBaseUrl !== undefined && existing.endpointBaseUrl !== webhookBaseUrl) {
    changes.push({ field: 'endpointUrl', before: existing.endpointBaseUrl, after: webhookBaseUrl, sensitive: true });
  } else if (fingerprintChanged || webhookBaseUrl === undefined) {
    // No integration yet (an adopted subscription, say): the one this plan creates has a new webhook URL, so the
    // existing subscription must be re-pointed at it in the same apply.
    changes.push({ field: 'endpointUrl', sensitive: true });
  }
  const types = [...existing.includedEventTypes].sort();
  if (JSON.stringify(types) !== JSON.stringify([...IMAGE_EVENT_TYPES].sort())) {
    changes.push({ field: 'filter.includedEventTypes', before: existing.includedEventTypes, after: IMAGE_EVENT_TYPES });
  }
  const scalar: Array<[keyof typeof SUBSCRIPTION_DEFAULTS, string]> = [
    ['maxEventsPerBatch', 'destination.maxEventsPerBatch'],
    ['preferredBatchSizeInKilobytes', 'destination.preferredBatchSizeInKilobytes'],
    ['eventDeliverySchema', 'eventDeliverySchema'],
    ['maxDeliveryAttempts', 'retryPolicy.maxDeliveryAttempts'],
    ['eventTimeToLiveInMinutes', 'retryPolicy.eventTimeToLiveInMinutes'],
  ];
  for (const [key, field] of scalar) {
    if (existing[key] !== SUBSCRIPTION_DEFAULTS[key])
      changes.push({ field, before: existing[key], after: SUBSCRIPTION_DEFAULTS[key] });
  }
  if (existing.provisioningState === 'Failed')
    changes.push({ field: 'provisioningState', before: 'Failed', after: 'Succeeded' });
  return changes;
}

/**
 * The URL Event Grid must call: the server's webhook path under the public base from the config when one is set
 * (the server may sit behind a proxy or ingress that Event Grid reaches under another origin).
 */
export function rebaseWebhookUrl(serverUrl: string | undefined, publicBase: string | undefined): string | undefined {
  if (serverUrl === undefined || publicBase === undefined) return serverUrl;
  const server = new URL(serverUrl);
  const base = new URL(publicBase);
  const prefix = base.pathname.replace(/\/$/, '');
  return `${base.origin}${prefix}${server.pathname}`;
}

/**
 * System topic names are unique per resource group, and Docker's template used one fixed name: a second registry
 * in the same group gets `<name>-<registry>` instead of a conflict.
 */
export function freeTopicName(desired: DesiredRegistry, observed: ObservedRegistry): string {
  const taken = new Set((observed.topicNamesTaken ?? []).map((n) => n.toLowerCase()));
  const preferred = desired.names.systemTopic;
  if (!taken.has(preferred.toLowerCase())) return preferred;
  return `${preferred}-${observed.registry?.name ?? desired.name ?? 'registry'}`.slice(0, 64);
}

/** Plans one registry that the config lists: DESIGN.md §3's provisioning order. */
export function planDesiredRegistry(
  desired: DesiredRegistry,
  observed: ObservedRegistry,
  state: Pick<DesiredState, 'webhookBaseUrl'>,
  now: Date,
): RegistryPlan {
  const base = { address: desired.address, tokenScope: desired.tokenScope, deletionPolicy: desired.deletionPolicy };
  if (desired.suspend) return { ...base, status: 'suspended', actions: [] };
  if (!observed.registry) {
    return {
      ...base,
      status: 'error',
      error: `registry ${desired.name ?? desired.loginServer} not found in resource group ${desired.resourceGroup}`,
      actions: [],
    };
  }
  const reg = desired.address;
  const inventory = observed.inventory;
  const actions: PlannedAction[] = [];
  const catalog = observed.integration?.repositories?.map((r) => r.name) ?? [];
  const selected = selectRepositories(desired.repositories, catalog);

  // 1. Scope map (least privilege only).
  let scopeMapName = BUILTIN_READ_SCOPE_MAP;
  if (desired.tokenScope === 'repositories') {
    scopeMapName = desired.names.scopeMap;
    const wanted = leastPrivilegeActions(selected);
    const existing = observed.scopeMaps.find((s) => s.name === scopeMapName);
    const address = addressOf(reg, 'scopeMap', scopeMapName);
    if (!existing) {
      actions.push({
        address,
        registry: reg,
        resource: 'scopeMap',
        kind: 'create',
        reason: 'least-privilege scope map missing',
        changes: [{ field: 'actions', after: wanted }],
        spec: { resource: 'scopeMap', name: scopeMapName, actions: wanted },
      });
    } else if (JSON.stringify([...existing.actions].sort()) !== JSON.stringify([...wanted].sort())) {
      actions.push({
        address,
        registry: reg,
        resource: 'scopeMap',
        kind: 'update',
        reason: 'configured repositories changed',
        changes: [{ field: 'actions', before: existing.actions, after: wanted }],
        spec: { resource: 'scopeMap', name: scopeMapName, actions: wanted },
        targetId: existing.id,
      });
    }
  }

  // 2. Token.
  const token = observed.tokens.find((t) => t.name === desired.names.token);
  const tokenAddress = addressOf(reg, 'token', desired.names.token);
  const scopeMapSuffix = `/scopeMaps/${scopeMapName}`;
  if (!token) {
    actions.push({
      address: tokenAddress,
      registry: reg,
      resource: 'token',
      kind: 'create',
      reason: 'token missing',
      changes: [
        { field: 'scopeMap', after: scopeMapName },
        { field: 'status', after: 'enabled' },
      ],
      spec: { resource: 'token', name: desired.names.token, scopeMap: scopeMapName, status: 'enabled' },
    });
  } else {
    const owned = inventory?.tokenId === token.id || inventory?.adopted?.includes(token.id);
    if (!owned) {
      return {
        ...base,
        status: 'error',
        error: `token ${token.name} exists but was not created by scout-acr; adopt it with \`scout-acr import\` or choose another name (azure.names.token)`,
        actions: [],
      };
    }
    const changes: FieldChange[] = [];
    if (!token.scopeMapId.toLowerCase().endsWith(scopeMapSuffix.toLowerCase()))
      changes.push({ field: 'scopeMap', before: token.scopeMapId.split('/').pop(), after: scopeMapName });
    if (token.status !== 'enabled') changes.push({ field: 'status', before: token.status, after: 'enabled' });
    if (changes.length > 0) {
      actions.push({
        address: tokenAddress,
        registry: reg,
        resource: 'token',
        kind: 'update',
        reason: 'token drifted from the config',
        changes,
        spec: { resource: 'token', name: desired.names.token, scopeMap: scopeMapName, status: 'enabled' },
        targetId: token.id,
      });
    }
  }

  // 3-4. Password handed straight to the server, then the integration.
  const due = passwordDue(desired, observed, token, now);
  const loginServer = observed.registry.loginServer;
  if (due) {
    actions.push({
      address: addressOf(reg, 'password', due.name),
      registry: reg,
      resource: 'password',
      kind: observed.integration ? 'rotate' : 'create',
      reason: due.reason,
      changes: [
        { field: 'value', sensitive: true },
        { field: 'expiresInDays', after: desired.password.expiresInDays },
      ],
      spec: {
        resource: 'password',
        tokenName: desired.names.token,
        passwordName: due.name,
        expiresInDays: desired.password.expiresInDays,
      },
    });
  }
  const integrationAddress = addressOf(reg, 'integration');
  if (!observed.integration) {
    actions.push({
      address: integrationAddress,
      registry: reg,
      resource: 'integration',
      kind: 'create',
      reason: 'no integration on the server',
      changes: [
        { field: 'loginServer', after: loginServer },
        { field: 'tokenName', after: desired.names.token },
        { field: 'password', sensitive: true },
      ],
      spec: { resource: 'integration', loginServer, tokenName: desired.names.token },
    });
  } else {
    const changes: FieldChange[] = [];
    if (observed.integration.loginServer !== loginServer)
      changes.push({ field: 'loginServer', before: observed.integration.loginServer, after: loginServer });
    if (observed.integration.tokenName !== desired.names.token)
      changes.push({ field: 'tokenName', before: observed.integration.tokenName, after: desired.names.token });
    if (due) changes.push({ field: 'password', sensitive: true });
    if (changes.length > 0) {
      actions.push({
        address: integrationAddress,
        registry: reg,
        resource: 'integration',
        kind: 'update',
        reason:
          due && changes.length === 1
            ? 'hand over the new password (tested before the old one is dropped)'
            : 'integration drifted from the config',
        changes,
        spec: { resource: 'integration', loginServer, tokenName: desired.names.token },
        targetId: observed.integration.id,
      });
    }
  }

  // 5. System topic: reuse whatever topic has this registry as source (Azure allows only one).
  const topicName = observed.systemTopic?.name ?? freeTopicName(desired, observed);
  if (!observed.systemTopic) {
    actions.push({
      address: addressOf(reg, 'systemTopic', topicName),
      registry: reg,
      resource: 'systemTopic',
      kind: 'create',
      reason: 'no system topic for this registry',
      changes: [
        { field: 'source', after: observed.registry.id },
        { field: 'topicType', after: 'Microsoft.ContainerRegistry.Registries' },
      ],
      spec: { resource: 'systemTopic', name: topicName },
    });
  }

  // 6. Event subscription pointing at the integration's webhook.
  const subscription = observed.eventSubscriptions.find((s) => s.name === desired.names.eventSubscription);
  const subscriptionAddress = addressOf(reg, 'eventSubscription', desired.names.eventSubscription);
  const webhookBase = rebaseWebhookUrl(observed.integration?.webhookBaseUrl, state.webhookBaseUrl);
  const spec = { resource: 'eventSubscription' as const, topicName, name: desired.names.eventSubscription };
  if (!subscription) {
    actions.push({
      address: subscriptionAddress,
      registry: reg,
      resource: 'eventSubscription',
      kind: 'create',
      reason: 'no image-change subscription',
      changes: [
        { field: 'endpointUrl', after: webhookBase, sensitive: true },
        { field: 'filter.includedEventTypes', after: IMAGE_EVENT_TYPES },
      ],
      spec,
    });
  } else {
    const fingerprintChanged =
      observed.integration !== undefined && inventory?.webhookFingerprint !== observed.integration.webhookFingerprint;
    const changes = subscriptionDiff(subscription, webhookBase, fingerprintChanged);
    if (changes.length > 0)
      actions.push({
        address: subscriptionAddress,
        registry: reg,
        resource: 'eventSubscription',
        kind: 'update',
        reason: 'subscription drifted from the config',
        changes,
        spec,
        targetId: subscription.id,
      });
  }

  // 7. Repository activation. Without a catalog yet (first apply), globs expand at apply time.
  const active = new Set(observed.integration?.repositories?.filter((r) => r.active).map((r) => r.name) ?? []);
  const toActivate = selected.filter((name) => !active.has(name));
  const patterns = observed.integration?.repositories ? [] : desired.repositories.include.filter((p) => /[*?]/.test(p));
  if (toActivate.length > 0 || patterns.length > 0) {
    actions.push({
      address: addressOf(reg, 'repositories'),
      registry: reg,
      resource: 'repository',
      kind: 'activate',
      reason:
        patterns.length > 0
          ? 'activate configured repositories (globs expand against the catalog at apply)'
          : 'configured repositories are not active',
      changes: [...toActivate, ...patterns].map((name) => ({ field: name, after: 'active' })),
      spec: { resource: 'repository', names: toActivate, patterns },
    });
  }
  const toDeactivate = [...active].filter((name) => !selected.includes(name)).sort();
  if (toDeactivate.length > 0) {
    actions.push({
      address: addressOf(reg, 'repositories'),
      registry: reg,
      resource: 'repository',
      kind: 'deactivate',
      reason: 'no longer selected by the config',
      changes: toDeactivate.map((name) => ({ field: name, before: 'active', after: 'inactive' })),
      spec: { resource: 'repository', names: toDeactivate, patterns: [] },
    });
  }
  // 8. Keep the inventory's deletion policy in step with the config (it decides what a later removal does).
  if (inventory && inventory.deletionPolicy !== desired.deletionPolicy && actions.length === 0) {
    actions.push({
      address: addressOf(reg, 'inventory'),
      registry: reg,
      resource: 'inventory',
      kind: 'update',
      reason: 'deletion policy changed',
      changes: [{ field: 'deletionPolicy', before: inventory.deletionPolicy, after: desired.deletionPolicy }],
      spec: { resource: 'inventory' },
    });
  }
  return { ...base, status: 'ok', actions };
}
