import { isRecord } from '../arm-rules.js';
import type { OfficialExample } from '../official-examples.js';
import {
  ensureEventSubscription,
  ensureRegistry,
  ensureScopeMap,
  ensureSystemTopic,
  ensureToken,
  parseArmId,
  type SeedContext,
} from './seed.js';
import { type TestWorld, toTestWorld } from './test-world.js';

/** How one official example is replayed against a fresh emulator. */
export interface ReplayPlan {
  /** Creates what the example's request presupposes (its parents, the resource it reads or changes). */
  seed(ctx: SeedContext): Promise<void>;
  method: string;
  /** Path and query of the example's request. */
  path: string;
  body: unknown;
  /** The example's body for a status, moved into the test world and with ids derived from the request's names. */
  expectedBody(status: string): unknown;
  /** A collection read: expected items are matched by id, and other items (built-in scope maps) are allowed. */
  isList: boolean;
  /** Fields not compared, each for the reason given in `ignoreReason`. */
  ignore: string[];
  ignoreReason?: string;
}

/** Fields a client writes but ARM never returns (write-only secrets). */
const WRITE_ONLY = new Set(['endpointUrl', 'encodedPemCertificate']);

export function planFor(example: OfficialExample, world: TestWorld): ReplayPlan {
  const resourcePath = example.url.split('?')[0] as string;
  const p = example.parameters;
  const topicId =
    typeof p.systemTopicName === 'string' ? resourcePath.replace(/(\/systemTopics\/[^/]+).*$/i, '$1') : undefined;
  const body = example.requestBody === undefined ? undefined : toTestWorld(example.requestBody, world, topicId);
  // Event subscription PATCH bodies (EventSubscriptionUpdateParameters) carry the properties unwrapped.
  const written = example.operationId === 'SystemTopicEventSubscriptions_Update' ? { properties: body } : body;
  const isList = example.method === 'GET' && !example.pathTemplate.endsWith('}');
  const targetsResource = ['GET', 'PUT', 'PATCH'].includes(example.method) && !isList;
  const registries = example.operationId.startsWith('Registries_');
  return {
    method: example.method,
    path: example.url,
    body,
    isList,
    ignore: registries ? ['tags'] : [],
    ...(registries
      ? {
          ignoreReason:
            'registries are seeded through the state API (ARM does not create them here), which sets no tags',
        }
      : {}),
    seed: (ctx) => seedFor(example, ctx, resourcePath, topicId),
    expectedBody(status) {
      const raw = example.responses[status]?.body;
      if (raw === undefined) return undefined;
      let expected = targetsResource ? withRequestIdentity(raw, resourcePath) : raw;
      expected = toTestWorld(expected, world, topicId);
      if ((example.method === 'PUT' || example.method === 'PATCH') && isRecord(expected)) {
        // What the client wrote is what ARM returns (the example responses sometimes show other values).
        expected = overlay(expected, written);
      }
      return expected;
    },
  };
}

/**
 * ARM derives a resource's id and name from the request path. Several examples were copied from another
 * resource's (SystemTopics_CreateOrUpdate and _Update show exampleSystemTopic2 for exampleSystemTopic1), so
 * the identity comes from the request, and what the example says about the resource then belongs to it.
 */
function withRequestIdentity(body: unknown, resourcePath: string): unknown {
  return isRecord(body) ? { ...body, id: resourcePath, name: resourcePath.split('/').pop() } : body;
}

async function seedFor(example: OfficialExample, ctx: SeedContext, path: string, topicId: string | undefined) {
  const p = example.parameters;
  const op = example.operationId;
  const described = describedResources(example, ctx.world, topicId, path);
  if (typeof p.resourceGroupName === 'string') ctx.emulator.state.ensureResourceGroup(p.resourceGroupName);
  if (typeof p.registryName === 'string') ensureRegistry(ctx, p.resourceGroupName as string, p.registryName, 'westus');
  const body = isRecord(example.requestBody) ? example.requestBody : {};
  const requestProps = isRecord(body.properties) ? body.properties : {};

  if (op === 'Registries_List' || op === 'Registries_ListByResourceGroup') {
    for (const item of described) {
      const { resourceGroup, segments } = parseArmId(String(item.id));
      ensureRegistry(
        ctx,
        resourceGroup,
        segments[1] as string,
        typeof item.location === 'string' ? item.location : undefined,
      );
    }
  } else if (op.startsWith('ScopeMaps_') && op !== 'ScopeMaps_Create') {
    const seeds = described.length > 0 ? described : [{ id: path }];
    for (const item of seeds) await ensureScopeMap(ctx, String(item.id), item.properties);
  } else if (op === 'Tokens_Create') {
    await ensureScopeMap(ctx, String(requestProps.scopeMapId));
  } else if (op.startsWith('Tokens_')) {
    if (typeof requestProps.scopeMapId === 'string') await ensureScopeMap(ctx, requestProps.scopeMapId);
    const seeds = described.length > 0 && op !== 'Tokens_Update' ? described : [{ id: path }];
    for (const item of seeds) await ensureToken(ctx, String(item.id), item.properties);
  } else if (op === 'Registries_GenerateCredentials') {
    await ensureToken(ctx, String(body.tokenId));
  } else if (op === 'SystemTopics_CreateOrUpdate') {
    const { resourceGroup, segments } = parseArmId(path);
    ensureRegistry(ctx, resourceGroup, segments[1] as string);
  } else if (op.startsWith('SystemTopics_')) {
    const seeds = described.length > 0 ? described : [{ id: path }];
    for (const item of seeds) await ensureSystemTopic(ctx, String(item.id), item);
  } else if (op === 'SystemTopicEventSubscriptions_CreateOrUpdate') {
    await ensureSystemTopic(ctx, topicId as string);
  } else if (op === 'SystemTopicEventSubscriptions_GetDeliveryAttributes') {
    const attributes = example.responses['200']?.body;
    const mappings = isRecord(attributes) ? attributes.value : [];
    await ensureEventSubscription(ctx, path.replace(/\/getDeliveryAttributes$/i, ''), undefined, {
      deliveryAttributeMappings: mappings,
    });
  } else if (op === 'SystemTopicEventSubscriptions_GetFullUrl') {
    await ensureEventSubscription(ctx, path.replace(/\/getFullUrl$/i, ''));
  } else if (op.startsWith('SystemTopicEventSubscriptions_')) {
    const seeds = described.length > 0 && op !== 'SystemTopicEventSubscriptions_Update' ? described : [{ id: path }];
    for (const item of seeds) await ensureEventSubscription(ctx, String(item.id), item);
  }
}

/** The resources an example's 200 response shows (the body, or a list's items), in the test world. */
function describedResources(example: OfficialExample, world: TestWorld, topicId: string | undefined, path: string) {
  if (example.method === 'PUT') return [];
  const raw = example.responses['200']?.body ?? example.responses['201']?.body;
  const single = example.method === 'PATCH' || (example.method === 'GET' && !(isRecord(raw) && 'value' in raw));
  const body = toTestWorld(single ? withRequestIdentity(raw, path) : raw, world, topicId);
  const items = isRecord(body) && Array.isArray(body.value) ? body.value : [body];
  return items.filter((item): item is Record<string, unknown> => isRecord(item) && typeof item.id === 'string');
}

/** `base` with `top`'s fields laid over it (objects merged, everything else replaced), write-only fields left out. */
function overlay(base: unknown, top: unknown): unknown {
  if (!isRecord(top)) return top === undefined ? base : top;
  const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(top)) {
    if (WRITE_ONLY.has(key)) continue;
    out[key] = isRecord(value) ? overlay(out[key], value) : Array.isArray(value) ? value.map(stripWriteOnly) : value;
  }
  return out;
}

function stripWriteOnly(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !WRITE_ONLY.has(key))
      .map(([k, v]) => [k, stripWriteOnly(v)]),
  );
}
