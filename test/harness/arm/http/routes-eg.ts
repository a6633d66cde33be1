/** Microsoft.EventGrid routes (api-version 2025-02-15): system topics and their event subscriptions. */

import { armErrors } from '../errors/arm-error.js';
import { runValidationHandshake } from '../handshake/validate.js';
import type { OperationOutcome } from '../lro/operations.js';
import { eventGridOperationUrls, retryAfter } from '../lro/respond.js';
import {
  beginDeleteEventSubscription,
  deliveryAttributes,
  finishDeleteEventSubscription,
  finishEventSubscriptionChange,
  fullEndpointUrl,
  getEventSubscription,
  type HandshakeNeed,
  listEventSubscriptions,
  patchEventSubscription,
  putEventSubscription,
  renderEventSubscription,
} from '../state/event-subscriptions.js';
import type { EventSubscriptionRecord, SystemTopicRecord } from '../state/records.js';
import {
  beginDeleteSystemTopic,
  finishDeleteSystemTopic,
  getSystemTopic,
  listSystemTopics,
  patchSystemTopic,
  putSystemTopic,
  renderSystemTopic,
} from '../state/system-topics.js';
import { bodyObject, type EmulatorEnv, type HttpResult, type RequestContext, type Route } from './context.js';

const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const TOPIC = `${RG}/providers/Microsoft.EventGrid/systemTopics/{systemTopicName}`;
const ES = `${TOPIC}/eventSubscriptions/{eventSubscriptionName}`;

const topicRef = (ctx: RequestContext) => ({
  resourceGroup: ctx.params.resourceGroupName!,
  name: ctx.params.systemTopicName!,
});
const subRef = (ctx: RequestContext) => ({
  resourceGroup: ctx.params.resourceGroupName!,
  topic: ctx.params.systemTopicName!,
  name: ctx.params.eventSubscriptionName!,
});

function asyncHeaders(env: EmulatorEnv, location: string, opId: string, withLocation = false): Record<string, string> {
  const urls = eventGridOperationUrls(env, location, opId);
  return {
    'azure-asyncoperation': urls.status,
    ...(withLocation ? { location: urls.result } : {}),
    ...retryAfter(env),
  };
}

function deleteTopicAnswer(env: EmulatorEnv, record: SystemTopicRecord | undefined): HttpResult {
  if (!record) return { status: 204 };
  if (env.lro.synchronous) {
    finishDeleteSystemTopic(env.model, record);
    return { status: 200 };
  }
  const opId = env.ops.start({ complete: () => finishDeleteSystemTopic(env.model, record) });
  return { status: 202, headers: asyncHeaders(env, record.location, opId, true) };
}

/** Starts the validation handshake a change needs (none: settled at once). */
function handshakeGate(
  env: EmulatorEnv,
  record: EventSubscriptionRecord,
  need: HandshakeNeed | undefined,
): Promise<OperationOutcome> {
  if (!need) return Promise.resolve({ ok: true });
  return runValidationHandshake({
    endpointUrl: need.endpointUrl,
    schema: need.schema,
    topicId: record.topicId,
    subscriptionName: record.name,
    timeoutMs: env.handshake.timeoutMs,
    ca: env.handshake.ca,
    validationBaseUrl: `${env.baseUrl()}/_emulator/eventgrid/validate`,
    awaitManualValidation: (id, token) => env.manual.register(id, token),
  });
}

/**
 * Subscription create/update: always 201 + `Azure-AsyncOperation`, body provisioningState Creating/Updating;
 * the operation ends when the handshake settles. Synchronous mode waits for the handshake and answers with
 * the final state (or the validation error).
 */
async function subscriptionChangeAnswer(
  env: EmulatorEnv,
  record: EventSubscriptionRecord,
  need: HandshakeNeed | undefined,
): Promise<HttpResult> {
  const gate = handshakeGate(env, record, need);
  if (env.lro.synchronous) {
    const outcome = await gate;
    finishEventSubscriptionChange(env.model, record, outcome.ok);
    if (!outcome.ok) return { status: 400, body: { error: outcome.error } };
    return { status: 201, body: renderEventSubscription(record) };
  }
  const body = renderEventSubscription(record);
  const opId = env.ops.start({
    gate,
    complete: (outcome) => finishEventSubscriptionChange(env.model, record, outcome.ok),
  });
  const topic = env.model.systemTopics.get(record.topicId.toLowerCase());
  return { status: 201, headers: asyncHeaders(env, topic?.location ?? env.model.defaultLocation, opId), body };
}

/** One page of a list, with `$top` and a `$skiptoken` nextLink as Event Grid pages. */
function page(ctx: RequestContext, items: unknown[]): { value: unknown[]; nextLink?: string } {
  const top = ctx.query.get('$top');
  const skip = Number(ctx.query.get('$skiptoken') ?? '0') || 0;
  if (top === null) return { value: items.slice(skip) };
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw armErrors.invalidRequest('$top must be between 1 and 100.', '$top');
  const value = items.slice(skip, skip + n);
  if (skip + n >= items.length) return { value };
  const next = new URL(ctx.url);
  next.searchParams.set('$skiptoken', String(skip + n));
  return { value, nextLink: next.toString() };
}

export const eventGridRoutes: Route[] = [
  {
    method: 'GET',
    template: `${SUB}/providers/Microsoft.EventGrid/systemTopics`,
    operationId: 'SystemTopics_ListBySubscription',
    provider: 'eg',
    handler: (ctx, env) => ({ status: 200, body: page(ctx, listSystemTopics(env.model).map(renderSystemTopic)) }),
  },
  {
    method: 'GET',
    template: `${RG}/providers/Microsoft.EventGrid/systemTopics`,
    operationId: 'SystemTopics_ListByResourceGroup',
    provider: 'eg',
    handler: (ctx, env) => ({
      status: 200,
      body: page(ctx, listSystemTopics(env.model, ctx.params.resourceGroupName).map(renderSystemTopic)),
    }),
  },
  {
    method: 'GET',
    template: TOPIC,
    operationId: 'SystemTopics_Get',
    provider: 'eg',
    handler: (ctx, env) => ({ status: 200, body: renderSystemTopic(getSystemTopic(env.model, topicRef(ctx))) }),
  },
  {
    method: 'PUT',
    template: TOPIC,
    operationId: 'SystemTopics_CreateOrUpdate',
    provider: 'eg',
    handler: (ctx, env) => {
      const sync = env.lro.synchronous;
      const { record, created } = putSystemTopic(
        env.model,
        topicRef(ctx),
        bodyObject(ctx),
        sync ? 'Succeeded' : 'Creating',
      );
      if (!created || sync) {
        record.provisioningState = 'Succeeded';
        return { status: created ? 201 : 200, body: renderSystemTopic(record) };
      }
      const opId = env.ops.start({
        complete: () => {
          record.provisioningState = 'Succeeded';
        },
      });
      return { status: 201, headers: asyncHeaders(env, record.location, opId), body: renderSystemTopic(record) };
    },
  },
  {
    method: 'PATCH',
    template: TOPIC,
    operationId: 'SystemTopics_Update',
    provider: 'eg',
    handler: (ctx, env) => {
      const sync = env.lro.synchronous;
      const record = patchSystemTopic(env.model, topicRef(ctx), bodyObject(ctx), sync ? 'Succeeded' : 'Updating');
      if (sync) return { status: 200, body: renderSystemTopic(record) };
      const opId = env.ops.start({
        complete: () => {
          record.provisioningState = 'Succeeded';
        },
      });
      return { status: 201, headers: asyncHeaders(env, record.location, opId), body: renderSystemTopic(record) };
    },
  },
  {
    method: 'DELETE',
    template: TOPIC,
    operationId: 'SystemTopics_Delete',
    provider: 'eg',
    handler: (ctx, env) => deleteTopicAnswer(env, beginDeleteSystemTopic(env.model, topicRef(ctx))),
  },
  {
    method: 'GET',
    template: `${TOPIC}/eventSubscriptions`,
    operationId: 'SystemTopicEventSubscriptions_ListBySystemTopic',
    provider: 'eg',
    handler: (ctx, env) => ({
      status: 200,
      body: page(
        ctx,
        listEventSubscriptions(env.model, ctx.params.resourceGroupName!, ctx.params.systemTopicName!).map(
          renderEventSubscription,
        ),
      ),
    }),
  },
  {
    method: 'GET',
    template: ES,
    operationId: 'SystemTopicEventSubscriptions_Get',
    provider: 'eg',
    handler: (ctx, env) => ({
      status: 200,
      body: renderEventSubscription(getEventSubscription(env.model, subRef(ctx))),
    }),
  },
  {
    method: 'PUT',
    template: ES,
    operationId: 'SystemTopicEventSubscriptions_CreateOrUpdate',
    provider: 'eg',
    handler: (ctx, env) => {
      const { record, handshake } = putEventSubscription(env.model, subRef(ctx), bodyObject(ctx));
      return subscriptionChangeAnswer(env, record, handshake);
    },
  },
  {
    method: 'PATCH',
    template: ES,
    operationId: 'SystemTopicEventSubscriptions_Update',
    provider: 'eg',
    handler: (ctx, env) => {
      const { record, handshake } = patchEventSubscription(env.model, subRef(ctx), ctx.body);
      return subscriptionChangeAnswer(env, record, handshake);
    },
  },
  {
    method: 'DELETE',
    template: ES,
    operationId: 'SystemTopicEventSubscriptions_Delete',
    provider: 'eg',
    handler: (ctx, env) => {
      const record = beginDeleteEventSubscription(env.model, subRef(ctx));
      if (!record) return { status: 204 };
      if (env.lro.synchronous) {
        finishDeleteEventSubscription(env.model, record);
        return { status: 200 };
      }
      const opId = env.ops.start({ complete: () => finishDeleteEventSubscription(env.model, record) });
      const topic = env.model.systemTopics.get(record.topicId.toLowerCase());
      return { status: 202, headers: asyncHeaders(env, topic?.location ?? env.model.defaultLocation, opId, true) };
    },
  },
  {
    method: 'POST',
    template: `${ES}/getFullUrl`,
    operationId: 'SystemTopicEventSubscriptions_GetFullUrl',
    provider: 'eg',
    handler: (ctx, env) => ({ status: 200, body: fullEndpointUrl(env.model, subRef(ctx)) }),
  },
  {
    method: 'POST',
    template: `${ES}/getDeliveryAttributes`,
    operationId: 'SystemTopicEventSubscriptions_GetDeliveryAttributes',
    provider: 'eg',
    handler: (ctx, env) => ({ status: 200, body: deliveryAttributes(env.model, subRef(ctx)) }),
  },
];
