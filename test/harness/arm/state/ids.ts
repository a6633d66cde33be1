/** ARM resource ids of the kinds the emulator serves. Ids compare case-insensitively, as in Azure. */

export const CR_PROVIDER = 'Microsoft.ContainerRegistry';
export const EG_PROVIDER = 'Microsoft.EventGrid';

export const ids = {
  resourceGroup: (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`,
  registry: (sub: string, rg: string, name: string) =>
    `${ids.resourceGroup(sub, rg)}/providers/${CR_PROVIDER}/registries/${name}`,
  scopeMap: (registryId: string, name: string) => `${registryId}/scopeMaps/${name}`,
  token: (registryId: string, name: string) => `${registryId}/tokens/${name}`,
  systemTopic: (sub: string, rg: string, name: string) =>
    `${ids.resourceGroup(sub, rg)}/providers/${EG_PROVIDER}/systemTopics/${name}`,
  eventSubscription: (topicId: string, name: string) => `${topicId}/eventSubscriptions/${name}`,
};

/** The key under which a resource is stored: its id, lower-cased. */
export function key(id: string): string {
  return id.toLowerCase();
}

/** Last segment of an id. */
export function nameOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

const REGISTRY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;
const CHILD_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)\/(scopeMaps|tokens)\/([^/]+)$/i;

/** Parses a registry id; undefined when `id` is not one. */
export function parseRegistryId(
  id: string,
): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = REGISTRY_ID.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}

/** Parses a scope map or token id; undefined when `id` is not one of `kind`. */
export function parseRegistryChildId(
  id: string,
  kind: 'scopeMaps' | 'tokens',
): { registryId: string; name: string } | undefined {
  const m = CHILD_ID.exec(id);
  if (!m || m[4]!.toLowerCase() !== kind.toLowerCase()) return undefined;
  return { registryId: ids.registry(m[1]!, m[2]!, m[3]!), name: m[5]! };
}

/** Azure-style timestamps: ISO 8601 with 7 fractional digits. */
export function armTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
