import type { ArmState } from '../../arm/types.js';
import { isRecord } from '../arm-rules.js';
import { FidelityHarnessError } from '../errors.js';
import { type ArmResponse, armRequest, type EmulatorEndpoint, waitForLro } from './arm-client.js';
import { REGISTRY_TOPIC_TYPE, registrySourceFor, type TestWorld } from './test-world.js';

export const CR_API = 'api-version=2025-11-01';
export const EG_API = 'api-version=2025-02-15';

/** A running emulator as the replay uses it: HTTP for ARM calls, the state API for what ARM cannot create. */
export interface ReplayEmulator extends EmulatorEndpoint {
  subscriptionId: string;
  state: ArmState;
}

export interface SeedContext {
  emulator: ReplayEmulator;
  world: TestWorld;
}

/** Sends a seeding call and waits for its LRO; a seed that fails is a harness error, not a verdict. */
export async function seedCall(ctx: SeedContext, method: string, path: string, body?: unknown): Promise<ArmResponse> {
  const first = await armRequest(ctx.emulator, method, path, body);
  const final = (await waitForLro(ctx.emulator, first)) ?? first;
  const failed =
    first.statusCode >= 400 || final.statusCode >= 400 || (final.body as { status?: string })?.status === 'Failed';
  if (failed) {
    throw new FidelityHarnessError(
      `seeding ${method} ${path} failed: ${first.statusCode} ${JSON.stringify(first.body)} / ${final.statusCode} ${JSON.stringify(final.body)}`,
    );
  }
  return final;
}

/** Ids in ARM paths: `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}/…`. */
export function parseArmId(id: string): { subscription: string; resourceGroup: string; segments: string[] } {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/(.+)$/i.exec(id);
  if (!match) throw new FidelityHarnessError(`not an ARM resource id: ${id}`);
  return {
    subscription: match[1] as string,
    resourceGroup: match[2] as string,
    segments: (match[3] as string).split('/'),
  };
}

/** Creates the registry (ARM never creates registries here: the state API does), tolerating one that exists. */
export function ensureRegistry(ctx: SeedContext, resourceGroup: string, name: string, location?: string): string {
  ctx.emulator.state.ensureResourceGroup(resourceGroup, location);
  try {
    return ctx.emulator.state.createRegistry({ resourceGroup, name, ...(location ? { location } : {}) }).id;
  } catch (error) {
    if ((error as { code?: string }).code !== 'Conflict') throw error;
    return `/subscriptions/${ctx.emulator.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  }
}

export async function ensureScopeMap(ctx: SeedContext, scopeMapId: string, properties?: unknown): Promise<void> {
  const { resourceGroup, segments } = parseArmId(scopeMapId);
  ensureRegistry(ctx, resourceGroup, segments[1] as string);
  const body = {
    properties: isRecord(properties)
      ? pick(properties, ['actions', 'description'])
      : { actions: ['repositories/myrepository/content/read'] },
  };
  await seedCall(ctx, 'PUT', `${scopeMapId}?${CR_API}`, body);
}

export async function ensureToken(ctx: SeedContext, tokenId: string, properties?: unknown): Promise<void> {
  const { resourceGroup, segments } = parseArmId(tokenId);
  const registryId = ensureRegistry(ctx, resourceGroup, segments[1] as string);
  const given = isRecord(properties) ? properties : {};
  const scopeMapId = typeof given.scopeMapId === 'string' ? given.scopeMapId : `${registryId}/scopeMaps/seededScopeMap`;
  await ensureScopeMap(ctx, scopeMapId);
  await seedCall(ctx, 'PUT', `${tokenId}?${CR_API}`, {
    properties: { scopeMapId, ...(typeof given.status === 'string' ? { status: given.status } : {}) },
  });
}

/** A system topic on a stand-in registry; `described` is an example's (test-world) topic body, if any. */
export async function ensureSystemTopic(ctx: SeedContext, topicId: string, described?: unknown): Promise<void> {
  const source = registrySourceFor(topicId);
  ensureRegistry(ctx, source.resourceGroup, source.name);
  const given = isRecord(described) ? described : {};
  await seedCall(ctx, 'PUT', `${topicId}?${EG_API}`, {
    location: typeof given.location === 'string' ? given.location : 'westus',
    ...(given.tags !== undefined ? { tags: given.tags } : {}),
    properties: { source: source.id, topicType: REGISTRY_TOPIC_TYPE },
  });
}

/**
 * An event subscription on its topic. `described` is an example's (test-world) subscription body: its
 * read-only fields are dropped and a webhook's `endpointBaseUrl` becomes the `endpointUrl` to write.
 */
export async function ensureEventSubscription(
  ctx: SeedContext,
  subscriptionId: string,
  described?: unknown,
  webhookExtras: Record<string, unknown> = {},
): Promise<void> {
  const topicId = subscriptionId.replace(/\/eventSubscriptions\/[^/]+$/i, '');
  await ensureSystemTopic(ctx, topicId);
  const given = isRecord(described) && isRecord(described.properties) ? { ...described.properties } : {};
  delete given.topic;
  delete given.provisioningState;
  const destination = isRecord(given.destination) ? given.destination : undefined;
  if (destination === undefined || destination.endpointType === 'WebHook') {
    const props = destination && isRecord(destination.properties) ? { ...destination.properties } : {};
    const endpointUrl = typeof props.endpointBaseUrl === 'string' ? props.endpointBaseUrl : ctx.world.webhookUrl;
    delete props.endpointBaseUrl;
    given.destination = { endpointType: 'WebHook', properties: { ...props, ...webhookExtras, endpointUrl } };
  }
  await seedCall(ctx, 'PUT', `${subscriptionId}?${EG_API}`, { properties: given });
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
