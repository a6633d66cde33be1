import type { DesiredRegistry, Inventory, ObservedRegistry } from '../state/types.js';

export interface Adoption {
  address: string;
  /** The inventory to write, or undefined when there is nothing to adopt (or it is managed already). */
  inventory?: Inventory | undefined;
  adopted: Array<{ kind: 'token' | 'systemTopic' | 'eventSubscription'; id: string }>;
  reason?: string | undefined;
}

/**
 * Takes over what Docker's ARM template created (its token, the registry's system topic and the `image-change`
 * subscription) for a registry scout-acr does not manage yet. The token and subscription become managed (deleted on
 * removal like anything scout-acr created); the system topic is reused but never deleted, since other subscriptions
 * may hang off it. The next apply hands a fresh password to the server and points the subscription at it.
 */
export function planAdoption(desired: DesiredRegistry, observed: ObservedRegistry): Adoption {
  const base = { address: desired.address, adopted: [] as Adoption['adopted'] };
  if (observed.inventory) return { ...base, reason: 'already managed by scout-acr' };
  if (!observed.registry) return { ...base, reason: 'registry not found' };
  const token = observed.tokens.find((t) => t.name === desired.names.token);
  const subscription = observed.eventSubscriptions.find((s) => s.name === desired.names.eventSubscription);
  const topic = observed.systemTopic;
  if (!token && !subscription)
    return {
      ...base,
      reason: `no ${desired.names.token} token or ${desired.names.eventSubscription} subscription to adopt`,
    };
  const adopted: Adoption['adopted'] = [
    ...(token ? [{ kind: 'token' as const, id: token.id }] : []),
    ...(topic ? [{ kind: 'systemTopic' as const, id: topic.id }] : []),
    ...(subscription ? [{ kind: 'eventSubscription' as const, id: subscription.id }] : []),
  ];
  return {
    ...base,
    adopted,
    inventory: {
      managedBy: 'scout-acr',
      address: desired.address,
      location: {
        subscriptionId: desired.subscriptionId,
        resourceGroup: observed.registry.resourceGroup,
        name: observed.registry.name,
        id: observed.registry.id,
        loginServer: observed.registry.loginServer,
      },
      tokenId: token?.id,
      eventSubscriptionId: subscription?.id,
      adopted: adopted.map((a) => a.id),
      deletionPolicy: desired.deletionPolicy,
    },
  };
}
