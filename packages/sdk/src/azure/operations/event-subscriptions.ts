/** Event subscriptions of a system topic, including the write-only webhook URL (read back via getFullUrl). */

import { Secret } from '../../secret/index.js';
import type { AzureContext } from '../context.js';
import { AzureError } from '../errors/index.js';
import { type SystemTopicRef, toRef } from '../ids.js';
import type { PagedAsyncIterableIterator } from '../paging.js';
import {
  type EventSubscriptionInfo,
  type EventSubscriptionPatch,
  type EventSubscriptionSpec,
  fromSdkEventSubscription,
  secretsOfSpec,
  toSdkEventSubscription,
  toSdkEventSubscriptionPatch,
} from '../subscriptions/index.js';
import { ignoreNotFound } from './idempotent.js';

/** Event subscription operations on system topics (`client.eventSubscriptions`). */
export class EventSubscriptionsOperations {
  readonly #ctx: AzureContext;

  /** @internal */
  constructor(ctx: AzureContext) {
    this.#ctx = ctx;
  }

  /** Every event subscription of the topic (webhook base URLs only). */
  list(topic: SystemTopicRef): PagedAsyncIterableIterator<EventSubscriptionInfo> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.paged(
      'eventSubscriptions.list',
      { resourceGroup: ref.resourceGroup, topic: ref.name },
      () => this.#ctx.eventGrid.systemTopicEventSubscriptions.listBySystemTopic(ref.resourceGroup, ref.name),
      fromSdkEventSubscription,
    );
  }

  /** GET one event subscription. */
  get(topic: SystemTopicRef, name: string): Promise<EventSubscriptionInfo> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.call(
      'eventSubscriptions.get',
      { resourceGroup: ref.resourceGroup, topic: ref.name, name },
      async () =>
        fromSdkEventSubscription(
          await this.#ctx.eventGrid.systemTopicEventSubscriptions.get(ref.resourceGroup, ref.name, name),
        ),
    );
  }

  /**
   * PUT an event subscription and wait. Event Grid validates a webhook destination during this call (the
   * `SubscriptionValidation` handshake): the endpoint must already answer it, else WebhookHandshakeError.
   */
  createOrUpdate(topic: SystemTopicRef, name: string, spec: EventSubscriptionSpec): Promise<EventSubscriptionInfo> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.call(
      'eventSubscriptions.createOrUpdate',
      { resourceGroup: ref.resourceGroup, topic: ref.name, name },
      async () =>
        fromSdkEventSubscription(
          await this.#ctx.eventGrid.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
            ref.resourceGroup,
            ref.name,
            name,
            toSdkEventSubscription(spec),
            this.#ctx.lro,
          ),
        ),
      secretsOfSpec(spec),
    );
  }

  /** PATCH the fields given in `patch` and wait. A new webhook URL is validated like on create. */
  update(topic: SystemTopicRef, name: string, patch: EventSubscriptionPatch): Promise<EventSubscriptionInfo> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.call(
      'eventSubscriptions.update',
      { resourceGroup: ref.resourceGroup, topic: ref.name, name },
      async () =>
        fromSdkEventSubscription(
          await this.#ctx.eventGrid.systemTopicEventSubscriptions.beginUpdateAndWait(
            ref.resourceGroup,
            ref.name,
            name,
            toSdkEventSubscriptionPatch(patch),
            this.#ctx.lro,
          ),
        ),
      secretsOfSpec(patch),
    );
  }

  /** DELETE and wait. Idempotent: a subscription (or topic) already gone is success. */
  delete(topic: SystemTopicRef, name: string): Promise<void> {
    const ref = toRef(topic, 'systemTopics');
    return ignoreNotFound(
      this.#ctx.call(
        'eventSubscriptions.delete',
        { resourceGroup: ref.resourceGroup, topic: ref.name, name },
        async () => {
          await this.#ctx.eventGrid.systemTopicEventSubscriptions.beginDeleteAndWait(
            ref.resourceGroup,
            ref.name,
            name,
            this.#ctx.lro,
          );
        },
      ),
    );
  }

  /**
   * The full webhook URL of the subscription, which a GET never returns. It carries the webhook secret, so it
   * comes back as a Secret; compare fingerprints rather than printing it.
   */
  getFullUrl(topic: SystemTopicRef, name: string): Promise<Secret> {
    const ref = toRef(topic, 'systemTopics');
    return this.#ctx.call(
      'eventSubscriptions.getFullUrl',
      { resourceGroup: ref.resourceGroup, topic: ref.name, name },
      async () => {
        const result = await this.#ctx.eventGrid.systemTopicEventSubscriptions.getFullUrl(
          ref.resourceGroup,
          ref.name,
          name,
        );
        if (!result.endpointUrl) {
          throw new AzureError(`Event subscription ${name} has no webhook URL`, {
            code: 'NoEndpointUrl',
            operation: 'eventSubscriptions.getFullUrl',
          });
        }
        return new Secret(result.endpointUrl);
      },
    );
  }
}
