/** Event Grid system topics on registries: one per source, source immutable, source must exist. */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../errors/arm-error.js';
import { ids, key } from './ids.js';
import type { ArmModel } from './model.js';
import { assertValidName } from './names.js';
import type { ProvisioningState, SystemTopicRecord } from './records.js';

export const REGISTRY_TOPIC_TYPE = 'Microsoft.ContainerRegistry.Registries';

export interface TopicRef {
  resourceGroup: string;
  name: string;
}

export function listSystemTopics(model: ArmModel, resourceGroup?: string): SystemTopicRecord[] {
  if (resourceGroup !== undefined) model.requireResourceGroup(resourceGroup);
  const all = [...model.systemTopics.values()];
  return resourceGroup === undefined
    ? all
    : all.filter((t) => t.resourceGroup.toLowerCase() === resourceGroup.toLowerCase());
}

export function findSystemTopic(model: ArmModel, ref: TopicRef): SystemTopicRecord | undefined {
  model.requireResourceGroup(ref.resourceGroup);
  return model.systemTopics.get(key(ids.systemTopic(model.subscriptionId, ref.resourceGroup, ref.name)));
}

export function getSystemTopic(model: ArmModel, ref: TopicRef): SystemTopicRecord {
  const found = findSystemTopic(model, ref);
  if (!found) throw armErrors.resourceNotFound('Microsoft.EventGrid/systemTopics', ref.name, ref.resourceGroup);
  return found;
}

interface TopicBody {
  location?: unknown;
  tags?: unknown;
  identity?: unknown;
  properties?: { source?: unknown; topicType?: unknown };
}

function readTags(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw armErrors.invalidRequestContent("The property 'tags' must be an object of strings.");
  }
  return { ...(value as Record<string, string>) };
}

/** SystemTopics_CreateOrUpdate. */
export function putSystemTopic(
  model: ArmModel,
  ref: TopicRef,
  body: TopicBody,
  initialState: ProvisioningState,
): { record: SystemTopicRecord; created: boolean } {
  model.requireResourceGroup(ref.resourceGroup);
  assertValidName('systemTopic', ref.name);
  if (typeof body.location !== 'string' || body.location.length === 0) {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const source = body.properties?.source;
  const topicType = body.properties?.topicType;
  if (typeof source !== 'string' || source.length === 0) {
    throw armErrors.invalidRequest('The source of the system topic must be specified.', 'properties.source');
  }
  const id = ids.systemTopic(model.subscriptionId, ref.resourceGroup, ref.name);
  const existing = model.systemTopics.get(key(id));
  if (existing) {
    if (key(existing.source) !== key(source)) {
      throw armErrors.invalidRequest('System topic source cannot be modified.', 'properties.source');
    }
    existing.tags = readTags(body.tags);
    if (body.identity !== undefined) existing.identity = body.identity as Record<string, unknown>;
    existing.provisioningState = initialState === 'Creating' ? 'Updating' : initialState;
    return { record: existing, created: false };
  }
  if (typeof topicType !== 'string' || topicType.toLowerCase() !== REGISTRY_TOPIC_TYPE.toLowerCase()) {
    throw armErrors.invalidRequest(
      `The topic type '${String(topicType)}' is not supported. This emulator supports '${REGISTRY_TOPIC_TYPE}'.`,
      'properties.topicType',
    );
  }
  if (!model.registries.has(key(source))) {
    throw armErrors.invalidRequest(`The source resource '${source}' could not be found.`, 'properties.source');
  }
  const other = [...model.systemTopics.values()].find((t) => key(t.source) === key(source));
  if (other) {
    throw armErrors.invalidRequest(
      `There is an existing tracked system topic for the given source ${source}. Only one system topic is allowed per source.`,
    );
  }
  const record: SystemTopicRecord = {
    id,
    name: ref.name,
    resourceGroup: ref.resourceGroup,
    location: body.location,
    tags: readTags(body.tags),
    source,
    topicType,
    metricResourceId: randomUUID(),
    identity: body.identity as Record<string, unknown> | undefined,
    provisioningState: initialState,
  };
  model.systemTopics.set(key(id), record);
  return { record, created: true };
}

/** SystemTopics_Update: tags and identity only. */
export function patchSystemTopic(
  model: ArmModel,
  ref: TopicRef,
  body: { tags?: unknown; identity?: unknown },
  initialState: ProvisioningState,
): SystemTopicRecord {
  const record = getSystemTopic(model, ref);
  if (body.tags !== undefined) record.tags = readTags(body.tags);
  if (body.identity !== undefined) record.identity = body.identity as Record<string, unknown>;
  record.provisioningState = initialState;
  return record;
}

/** SystemTopics_Delete, first half; deleting a topic also deletes its event subscriptions. */
export function beginDeleteSystemTopic(model: ArmModel, ref: TopicRef): SystemTopicRecord | undefined {
  const record = findSystemTopic(model, ref);
  if (record) record.provisioningState = 'Deleting';
  return record;
}

export function finishDeleteSystemTopic(model: ArmModel, record: SystemTopicRecord): void {
  for (const sub of model.childrenOf(model.eventSubscriptions, `${record.id}/eventSubscriptions`)) {
    model.eventSubscriptions.delete(key(sub.id));
  }
  model.systemTopics.delete(key(record.id));
}

export function renderSystemTopic(topic: SystemTopicRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    properties: {
      provisioningState: topic.provisioningState,
      source: topic.source,
      topicType: topic.topicType,
      metricResourceId: topic.metricResourceId,
    },
    location: topic.location,
    tags: topic.tags,
    id: topic.id,
    name: topic.name,
    type: 'Microsoft.EventGrid/systemTopics',
  };
  if (topic.identity !== undefined) out.identity = topic.identity;
  return out;
}
