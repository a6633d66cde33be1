import type { ObservedRegistry } from '../state/types.js';
import type { PlannedAction, RegistryPlan } from './types.js';

/**
 * Plans a registry that the server knows as managed but the config no longer lists: DESIGN.md §3's removal order
 * (the reverse of provisioning). Only what the inventory says scout-acr created is deleted; a pre-existing or
 * adopted system topic is left in place. `orphan` forgets the registry without touching Azure.
 */
export function planRemovedRegistry(observed: ObservedRegistry): RegistryPlan {
  const integration = observed.integration;
  const inventory = observed.inventory;
  const reg = observed.address;
  const at = (resource: string, name?: string) => `registry["${reg}"].${resource}${name ? `["${name}"]` : ''}`;
  if (!inventory) return { address: reg, status: 'ok', actions: [] };
  if (inventory.deletionPolicy === 'orphan') {
    return {
      address: reg,
      status: 'orphaning',
      actions: [
        {
          address: at('inventory'),
          registry: reg,
          resource: 'inventory',
          kind: 'forget',
          reason:
            'removed from the config with deletionPolicy: orphan; Azure resources and the integration are left as they are',
          changes: [],
          spec: { resource: 'inventory' },
          targetId: integration?.id,
        },
      ],
    };
  }
  const actions: PlannedAction[] = [];
  const active = integration?.repositories?.filter((r) => r.active).map((r) => r.name) ?? [];
  if (active.length > 0) {
    actions.push({
      address: at('repositories'),
      registry: reg,
      resource: 'repository',
      kind: 'deactivate',
      reason: 'registry removed from the config',
      changes: active.map((name) => ({ field: name, before: 'active', after: 'inactive' })),
      spec: { resource: 'repository', names: active, patterns: [] },
    });
  }
  const subscription = observed.eventSubscriptions.find((s) => s.id === inventory.eventSubscriptionId);
  if (subscription) {
    actions.push({
      address: at('eventSubscription', subscription.name),
      registry: reg,
      resource: 'eventSubscription',
      kind: 'delete',
      reason: 'registry removed from the config',
      changes: [],
      spec: { resource: 'eventSubscription', topicName: observed.systemTopic?.name ?? '', name: subscription.name },
      targetId: subscription.id,
    });
  }
  const topic = observed.systemTopic;
  if (topic && topic.id === inventory.systemTopicId && !inventory.adopted?.includes(topic.id)) {
    const others = observed.eventSubscriptions.filter((s) => s.id !== subscription?.id);
    if (others.length === 0) {
      actions.push({
        address: at('systemTopic', topic.name),
        registry: reg,
        resource: 'systemTopic',
        kind: 'delete',
        reason: 'created by scout-acr and no longer used',
        changes: [],
        spec: { resource: 'systemTopic', name: topic.name },
        targetId: topic.id,
      });
    }
  }
  if (integration) {
    actions.push({
      address: at('integration'),
      registry: reg,
      resource: 'integration',
      kind: 'delete',
      reason: 'registry removed from the config',
      changes: [],
      spec: { resource: 'integration', loginServer: integration.loginServer, tokenName: integration.tokenName },
      targetId: integration.id,
    });
  }
  const token = observed.tokens.find((t) => t.id === inventory.tokenId);
  if (token) {
    actions.push({
      address: at('token', token.name),
      registry: reg,
      resource: 'token',
      kind: 'delete',
      reason: 'created by scout-acr',
      changes: [],
      spec: {
        resource: 'token',
        name: token.name,
        scopeMap: token.scopeMapId.split('/').pop() ?? '',
        status: token.status,
      },
      targetId: token.id,
    });
  }
  const scopeMap = observed.scopeMaps.find((s) => s.id === inventory.scopeMapId && !s.builtIn);
  if (scopeMap) {
    actions.push({
      address: at('scopeMap', scopeMap.name),
      registry: reg,
      resource: 'scopeMap',
      kind: 'delete',
      reason: 'created by scout-acr',
      changes: [],
      spec: { resource: 'scopeMap', name: scopeMap.name, actions: scopeMap.actions },
      targetId: scopeMap.id,
    });
  }
  return { address: reg, status: 'removing', actions };
}
