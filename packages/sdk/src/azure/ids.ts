/** ARM resource ids and the references the client accepts: pure string work, no I/O. */

/** A container registry: by resource group and name, or by its ARM id. */
export type RegistryRef = { resourceGroup: string; name: string } | string;

/** A system topic: by resource group and name, or by its ARM id. */
export type SystemTopicRef = { resourceGroup: string; name: string } | string;

/** The parts of an ARM id that the client works with. */
export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.ContainerRegistry` */
  provider: string;
  /** Type segments, e.g. `['registries', 'tokens']`. */
  types: string[];
  /** Name segments, aligned with `types`. */
  names: string[];
}

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`.
 * Returns undefined for anything else (segment names are matched case-insensitively, as ARM does).
 */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = id.split('/').filter((p) => p.length > 0);
  if (parts.length < 6 || parts.length % 2 !== 0) return undefined;
  if (parts[0]?.toLowerCase() !== 'subscriptions' || parts[2]?.toLowerCase() !== 'resourcegroups') return undefined;
  if (parts[4]?.toLowerCase() !== 'providers') return undefined;
  const rest = parts.slice(6);
  const types = [parts[6] ?? ''];
  const names = [parts[7] ?? ''];
  for (let i = 2; i < rest.length; i += 2) {
    types.push(rest[i] ?? '');
    names.push(rest[i + 1] ?? '');
  }
  if (names.some((n) => n.length === 0)) return undefined;
  return {
    subscriptionId: parts[1] ?? '',
    resourceGroup: parts[3] ?? '',
    provider: parts[5] ?? '',
    types,
    names,
  };
}

/** The ARM id of a registry. */
export function registryId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

/** The ARM id of a registry's scope map (built-in ones such as `_repositories_pull_metadata_read` included). */
export function scopeMapId(registry: string, scopeMap: string): string {
  return `${registry}/scopeMaps/${scopeMap}`;
}

/** The ARM id of a system topic. */
export function systemTopicId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.EventGrid/systemTopics/${name}`;
}

/** Case-insensitive ARM id equality (ARM ids are case-insensitive). */
export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The last segment of an ARM id (the resource's name). */
export function nameFromId(id: string): string {
  const parts = id.split('/').filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? id;
}

/** Resolves a {@link RegistryRef} or {@link SystemTopicRef} to resource group and name. */
export function toRef(
  ref: RegistryRef,
  expectedType: 'registries' | 'systemTopics',
): { resourceGroup: string; name: string } {
  if (typeof ref !== 'string') return ref;
  const parsed = parseResourceId(ref);
  const type = parsed?.types[0]?.toLowerCase();
  if (parsed?.types.length !== 1 || type !== expectedType.toLowerCase()) {
    throw new TypeError(`Not a ${expectedType} resource id: ${ref}`);
  }
  return { resourceGroup: parsed.resourceGroup, name: parsed.names[0] ?? '' };
}
