/**
 * Event subscriptions on system topics. Creates and URL changes stay pending until the validation handshake
 * (run by the HTTP layer) settles: a failed create leaves nothing behind, a failed update keeps the old setup.
 */
import { armErrors } from '../errors/arm-error.js';
import type { EventSubscriptionView } from '../types.js';
import { ids, key } from './ids.js';
import type { ArmModel } from './model.js';
import { assertValidName } from './names.js';
import type { EventSubscriptionRecord } from './records.js';
import {
  mergeSubscriptionUpdate,
  normalizeSubscriptionProperties,
  publicSubscriptionProperties,
  webhookDestination,
} from './subscription-properties.js';

export interface SubscriptionRef {
  resourceGroup: string;
  topic: string;
  name: string;
}

/** What the HTTP layer must verify before the change takes effect. */
export interface HandshakeNeed {
  endpointUrl: string;
  schema: string;
}

export function listEventSubscriptions(
  model: ArmModel,
  resourceGroup: string,
  topic: string,
): EventSubscriptionRecord[] {
  const parent = model.requireParentTopic(resourceGroup, topic);
  return model.childrenOf(model.eventSubscriptions, `${parent.id}/eventSubscriptions`);
}

export function findEventSubscription(model: ArmModel, ref: SubscriptionRef): EventSubscriptionRecord | undefined {
  const parent = model.requireParentTopic(ref.resourceGroup, ref.topic);
  return model.eventSubscriptions.get(key(ids.eventSubscription(parent.id, ref.name)));
}

export function getEventSubscription(model: ArmModel, ref: SubscriptionRef): EventSubscriptionRecord {
  const found = findEventSubscription(model, ref);
  if (!found) {
    throw armErrors.resourceNotFound(
      'Microsoft.EventGrid/systemTopics/eventSubscriptions',
      `${ref.topic}/${ref.name}`,
      ref.resourceGroup,
    );
  }
  return found;
}

function assertNotBusy(record: EventSubscriptionRecord): void {
  if (
    record.provisioningState === 'Creating' ||
    record.provisioningState === 'Updating' ||
    record.provisioningState === 'Deleting'
  ) {
    throw armErrors.conflict(
      'Conflict',
      `The event subscription '${record.name}' is in provisioning state '${record.provisioningState}'; retry when the current operation completes.`,
    );
  }
}

/** Keeps the full webhook URL a request carried (for leak checks; see `ArmModel.secretsSeen`). */
function noteWebhookUrl(model: ArmModel, properties: Record<string, unknown>): void {
  const hook = webhookDestination(properties);
  if (hook) model.secretsSeen.webhookUrls.add(hook.endpointUrl);
}

function handshakeNeed(
  next: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): HandshakeNeed | undefined {
  const hook = webhookDestination(next);
  if (!hook) return undefined;
  const before = previous ? webhookDestination(previous) : undefined;
  if (before && before.endpointUrl === hook.endpointUrl) return undefined;
  return { endpointUrl: hook.endpointUrl, schema: next.eventDeliverySchema as string };
}

/** SystemTopicEventSubscriptions_CreateOrUpdate: records the request, pending until `finish…`. */
export function putEventSubscription(
  model: ArmModel,
  ref: SubscriptionRef,
  body: { properties?: unknown },
): { record: EventSubscriptionRecord; created: boolean; handshake: HandshakeNeed | undefined } {
  const parent = model.requireParentTopic(ref.resourceGroup, ref.topic);
  assertValidName('eventSubscription', ref.name);
  const properties = normalizeSubscriptionProperties(body.properties);
  noteWebhookUrl(model, properties);
  const id = ids.eventSubscription(parent.id, ref.name);
  const existing = model.eventSubscriptions.get(key(id));
  if (existing) {
    assertNotBusy(existing);
    existing.pending = properties;
    existing.provisioningState = 'Updating';
    return { record: existing, created: false, handshake: handshakeNeed(properties, existing.properties) };
  }
  const record: EventSubscriptionRecord = {
    id,
    name: ref.name,
    topicId: parent.id,
    properties,
    pending: undefined,
    provisioningState: 'Creating',
  };
  model.eventSubscriptions.set(key(id), record);
  return { record, created: true, handshake: handshakeNeed(properties, undefined) };
}

/** SystemTopicEventSubscriptions_Update (PATCH). */
export function patchEventSubscription(
  model: ArmModel,
  ref: SubscriptionRef,
  update: unknown,
): { record: EventSubscriptionRecord; handshake: HandshakeNeed | undefined } {
  const record = getEventSubscription(model, ref);
  assertNotBusy(record);
  const properties = mergeSubscriptionUpdate(record.properties, update);
  noteWebhookUrl(model, properties);
  record.pending = properties;
  record.provisioningState = 'Updating';
  return { record, handshake: handshakeNeed(properties, record.properties) };
}

/** Ends a create/update: applies the pending change on success; on failure, removes a new subscription. */
export function finishEventSubscriptionChange(
  model: ArmModel,
  record: EventSubscriptionRecord,
  succeeded: boolean,
): void {
  if (record.provisioningState === 'Creating') {
    if (succeeded) record.provisioningState = 'Succeeded';
    else model.eventSubscriptions.delete(key(record.id));
    return;
  }
  if (succeeded && record.pending) record.properties = record.pending;
  record.pending = undefined;
  record.provisioningState = 'Succeeded';
}

export function beginDeleteEventSubscription(
  model: ArmModel,
  ref: SubscriptionRef,
): EventSubscriptionRecord | undefined {
  const record = findEventSubscription(model, ref);
  if (record) record.provisioningState = 'Deleting';
  return record;
}

export function finishDeleteEventSubscription(model: ArmModel, record: EventSubscriptionRecord): void {
  model.eventSubscriptions.delete(key(record.id));
}

/** SystemTopicEventSubscriptions_GetFullUrl. */
export function fullEndpointUrl(model: ArmModel, ref: SubscriptionRef): { endpointUrl: string } {
  const record = getEventSubscription(model, ref);
  const hook = webhookDestination(record.pending ?? record.properties);
  if (!hook) {
    throw armErrors.invalidRequest(`The event subscription '${record.name}' does not have a WebHook destination.`);
  }
  return { endpointUrl: hook.endpointUrl };
}

/** SystemTopicEventSubscriptions_GetDeliveryAttributes (secret values included, as in Azure). */
export function deliveryAttributes(model: ArmModel, ref: SubscriptionRef): { value: unknown[] } {
  const record = getEventSubscription(model, ref);
  const hook = webhookDestination(record.pending ?? record.properties);
  const mappings = hook?.properties.deliveryAttributeMappings;
  return { value: Array.isArray(mappings) ? mappings : [] };
}

export function renderEventSubscription(record: EventSubscriptionRecord): Record<string, unknown> {
  const shown = record.pending ?? record.properties;
  return {
    properties: {
      topic: record.topicId,
      provisioningState: record.provisioningState,
      ...publicSubscriptionProperties(shown),
    },
    id: record.id,
    name: record.name,
    type: 'Microsoft.EventGrid/systemTopics/eventSubscriptions',
  };
}

/** Active subscriptions on the registry's system topic, with full (secret-bearing) properties, for delivery. */
export function eventSubscriptionsForRegistry(model: ArmModel, registryId: string): EventSubscriptionView[] {
  const topics = [...model.systemTopics.values()].filter(
    (t) => key(t.source) === key(registryId) && t.provisioningState !== 'Deleting',
  );
  return topics.flatMap((topic) =>
    model
      .childrenOf(model.eventSubscriptions, `${topic.id}/eventSubscriptions`)
      .filter((s) => s.provisioningState === 'Succeeded' || s.provisioningState === 'Updating')
      .map((s) => ({
        id: s.id,
        name: s.name,
        topicId: topic.id,
        properties: structuredClone({ topic: topic.id, provisioningState: 'Succeeded', ...s.properties }),
      })),
  );
}
