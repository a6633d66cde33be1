import { randomUUID } from 'node:crypto';
import { EventTypes, type NormalizedEvent } from '@scout-acr/sdk/events';
import type { EventInsert } from '../store/index.js';

export const IMAGE_JOB_KINDS = { pushed: 'image.pushed', deleted: 'image.deleted' } as const;

/** Payload of the image jobs created from events and from activation. */
export interface ImageJobPayload {
  repository: string;
  /** Tag (push) or undefined (delete, or activation by digest). */
  tag?: string | undefined;
  /** Manifest or index digest; undefined when only a tag is known (activation). */
  digest?: string | undefined;
  mediaType?: string | undefined;
  eventId?: string | undefined;
}

export const newJobId = () => `job_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

interface ImageTarget {
  repository: string;
  tag?: string;
  digest: string;
  mediaType: string;
}

/**
 * Maps the events scout-acr handles (ImagePushed, ImageDeleted) to store records with their job; every other
 * type (charts, unknown future types, subscription deletion) is left out: acknowledged, not stored.
 * `texts[i]`, when given, is event i exactly as received (see scanDelivery) and is stored as its body; without
 * it the parsed event is serialized again.
 */
export function toEventRecords(
  integrationId: string,
  events: NormalizedEvent[],
  now: number,
  maxAttempts: number,
  texts?: readonly string[],
): { records: EventInsert[]; ignored: number } {
  const records: EventInsert[] = [];
  // Item texts are only trusted when they line up one to one with the parsed events.
  const bodies = texts && texts.length === events.length ? texts : undefined;
  let ignored = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as NormalizedEvent;
    const kind =
      event.type === EventTypes.imagePushed
        ? IMAGE_JOB_KINDS.pushed
        : event.type === EventTypes.imageDeleted
          ? IMAGE_JOB_KINDS.deleted
          : undefined;
    if (!kind) {
      ignored++;
      continue;
    }
    const target = (event.data as { target: ImageTarget }).target;
    const payload: ImageJobPayload = {
      repository: target.repository,
      tag: target.tag,
      digest: target.digest,
      mediaType: target.mediaType,
      eventId: event.id,
    };
    records.push({
      integrationId,
      eventId: event.id,
      type: event.type,
      subject: event.subject || null,
      repository: target.repository,
      tag: target.tag ?? null,
      digest: target.digest,
      eventTime: event.time ?? null,
      receivedAt: now,
      body: bodies?.[index] ?? JSON.stringify(event.raw),
      job: {
        id: newJobId(),
        integrationId,
        kind,
        payload,
        repository: target.repository,
        reference: target.tag ? `${target.repository}:${target.tag}` : `${target.repository}@${target.digest}`,
        maxAttempts,
        runAt: now,
      },
    });
  }
  return { records, ignored };
}
