import { parseEventGridEvents } from '@scout-acr/sdk/events';
import { describe, expect, it } from 'vitest';
import {
  DigestMemory,
  isManifestEvent,
  mapRegistryEvent,
  registryEnvelopeSchema,
  toAcrTimestamp,
  UNKNOWN_DELETED_MEDIA_TYPE,
} from '../../harness/eventgrid/index.js';
import { blobPush, deleteEvent, type LooseJson, manifestPush, officialSample, registry } from './samples.js';

const now = new Date('2021-09-08T06:37:45.660Z');

/** The official sample without the fields ACR generates per event (ids and times) and connectedRegistry. */
function comparable(event: LooseJson) {
  const { id: _id, eventTime: _eventTime, data, ...envelope } = structuredClone(event);
  const { id: _dataId, timestamp: _timestamp, connectedRegistry: _connected, ...rest } = data;
  const { id: _requestId, ...request } = rest.request;
  return { ...envelope, data: { ...rest, request } };
}

describe('mapRegistryEvent', () => {
  it('maps a manifest push by tag to exactly the ImagePushed ACR sends', () => {
    const result = mapRegistryEvent(manifestPush(), registry, new DigestMemory(), now);
    expect(result.kind).toBe('event');
    if (result.kind !== 'event') return;
    expect(comparable(result.event)).toEqual(comparable(officialSample('image_pushed')));
    expect(Object.keys(result.event).sort()).toEqual(Object.keys(officialSample('image_pushed')).sort());
    expect(result.event.id).toBe('c25fdb80-ebbd-4dd0-a29c-a7349e6388f6');
    expect(result.event.data.id).toBe(result.event.id);
    expect(result.event.data.request.id).toBe('9f8fa9d4-5b86-4066-b805-e406f321c7d6');
    expect(result.event.data.timestamp).toBe('2021-09-08T06:37:45.4681009Z');
    expect(result.event.eventTime).toBe('2021-09-08T06:37:45.6600000Z');
    expect(parseEventGridEvents([result.event])).toHaveLength(1);
  });

  it('maps a push by digest to ImagePushed with subject repo and no tag', () => {
    const result = mapRegistryEvent(manifestPush({ tag: undefined }), registry, new DigestMemory(), now);
    if (result.kind !== 'event') throw new Error('expected an event');
    expect(result.event.subject).toBe('samples/nginx');
    expect(result.event.data.target).not.toHaveProperty('tag');
    expect(result.event.data.target.size).toBe(1153);
  });

  it('maps an OCI index push with its media type', () => {
    const mediaType = 'application/vnd.oci.image.index.v1+json';
    const result = mapRegistryEvent(manifestPush({ mediaType, tag: 'v1' }), registry, new DigestMemory(), now);
    if (result.kind !== 'event') throw new Error('expected an event');
    expect(result.event.subject).toBe('samples/nginx:v1');
    expect(result.event.data.target.mediaType).toBe(mediaType);
  });

  it('maps a manifest delete to exactly the ImageDeleted ACR sends, media type remembered from the push', () => {
    const memory = new DigestMemory();
    memory.remember(manifestPush());
    const result = mapRegistryEvent(deleteEvent(), registry, memory, now);
    if (result.kind !== 'event') throw new Error('expected an event');
    expect(comparable(result.event)).toEqual(comparable(officialSample('image_deleted')));
    expect(result.event.data.target).toEqual({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      digest: officialSample('image_deleted').data.target.digest,
      repository: 'samples/nginx',
    });
  });

  it('assumes the Docker v2 manifest type for a delete of a digest pushed before it listened', () => {
    const result = mapRegistryEvent(deleteEvent(), registry, new DigestMemory(), now);
    if (result.kind !== 'event') throw new Error('expected an event');
    expect(result.event.data.target.mediaType).toBe(UNKNOWN_DELETED_MEDIA_TYPE);
  });

  it('produces nothing for blobs, pulls, mounts, tag and repository deletes', () => {
    const memory = new DigestMemory();
    const blob = blobPush();
    memory.remember(blob);
    const skipped = [
      [blob, 'blob'],
      [{ ...manifestPush(), action: 'pull' }, 'pull'],
      [{ ...blobPush(), action: 'mount' }, 'mount'],
      [deleteEvent(blob.target.digest), 'blob'],
      [{ ...deleteEvent(), target: { repository: 'samples/nginx', tag: 'latest' } }, 'tag-delete'],
      [{ ...deleteEvent(), target: { repository: 'samples/nginx' } }, 'repository-delete'],
      [{ ...manifestPush(), action: 'something' }, 'unsupported-action'],
      [manifestPush({ mediaType: 'application/octet-stream', url: undefined }), 'blob'],
    ] as const;
    for (const [event, reason] of skipped) {
      expect(mapRegistryEvent(event, registry, memory, now)).toEqual({ kind: 'skip', reason });
    }
  });

  it('falls back to the registry login server when the request has no host', () => {
    const event = manifestPush();
    const { host: _host, ...request } = event.request;
    const result = mapRegistryEvent({ ...event, request }, registry, new DigestMemory(), now);
    if (result.kind !== 'event') throw new Error('expected an event');
    expect(result.event.data.request.host).toBe('jolovcr.azurecr.io');
  });
});

describe('helpers', () => {
  it('tells manifests from blobs by URL, then by media type', () => {
    expect(isManifestEvent(manifestPush())).toBe(true);
    expect(isManifestEvent(blobPush())).toBe(false);
    expect(isManifestEvent(manifestPush({ url: undefined }))).toBe(true);
    expect(isManifestEvent(manifestPush({ url: undefined, mediaType: 'application/octet-stream' }))).toBe(false);
  });

  it('formats distribution timestamps the way ACR does', () => {
    expect(toAcrTimestamp('2021-09-08T06:37:45.468100912Z')).toBe('2021-09-08T06:37:45.4681009Z');
    expect(toAcrTimestamp('2021-09-08T06:37:45Z')).toBe('2021-09-08T06:37:45.0000000Z');
    expect(toAcrTimestamp('2021-09-08T08:37:45.5+02:00')).toBe('2021-09-08T06:37:45.5000000Z');
  });

  it('parses distribution envelopes and keeps unknown fields', () => {
    const parsed = registryEnvelopeSchema.parse({ events: [{ ...manifestPush(), extra: 1 }] });
    expect(parsed.events[0]).toMatchObject({ extra: 1, action: 'push' });
    expect(registryEnvelopeSchema.safeParse({ nope: [] }).success).toBe(false);
  });
});
