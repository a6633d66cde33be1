import { isRecord } from '../arm-rules.js';

/**
 * The official examples describe resources of Microsoft's own test subscriptions: system topics on storage
 * accounts, webhooks at requestb.in. The emulator serves the registry world only (system topics whose source is
 * a container registry) and Event Grid's validation handshake needs a webhook that answers. These substitutions
 * move an example into that world, in its request and in its expected response alike; nothing else changes.
 */
export const EXAMPLE_WEBHOOK_URL = 'https://requestb.in/15ksip71';
export const REGISTRY_TOPIC_TYPE = 'Microsoft.ContainerRegistry.Registries';
const STORAGE_SOURCE = /\/providers\/microsoft\.storage\/storageaccounts\//i;

export interface TestWorld {
  /** The loopback webhook that passes the handshake. */
  webhookUrl: string;
}

/** The registry that stands in for a system topic's source: same subscription and group, named like the topic. */
export function registrySourceFor(topicId: string): { id: string; resourceGroup: string; name: string } {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.EventGrid\/systemTopics\/([^/]+)/i.exec(
      topicId,
    );
  if (!match) throw new Error(`not a system topic id: ${topicId}`);
  const [, subscription, resourceGroup, topicName] = match as unknown as [string, string, string, string];
  // Registry names are 5-50 alphanumerics; topic names may hold dashes.
  const name = topicName
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(0, 50)
    .padEnd(5, '0');
  return {
    id: `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`,
    resourceGroup,
    name,
  };
}

/**
 * Deep copy of `value` moved into the test world. `topicId` is the system topic the value belongs to (its
 * storage `source` becomes that topic's registry); list items carry their own `id`.
 */
export function toTestWorld(value: unknown, world: TestWorld, topicId?: string): unknown {
  if (typeof value === 'string') return value === EXAMPLE_WEBHOOK_URL ? world.webhookUrl : value;
  if (Array.isArray(value)) return value.map((item) => toTestWorld(item, world, topicId));
  if (!isRecord(value)) return value;
  const ownTopic =
    typeof value.id === 'string' && /\/systemTopics\/[^/]+$/i.test(value.id) ? value.id : (topicId ?? undefined);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'source' && typeof item === 'string' && STORAGE_SOURCE.test(item) && ownTopic !== undefined) {
      out[key] = registrySourceFor(ownTopic).id;
    } else if (key === 'topicType' && typeof item === 'string' && /^microsoft\.storage\./i.test(item)) {
      out[key] = REGISTRY_TOPIC_TYPE;
    } else {
      out[key] = toTestWorld(item, world, ownTopic);
    }
  }
  return out;
}
