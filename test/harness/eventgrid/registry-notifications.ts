/**
 * Docker distribution (registry 2.x) notifications and their mapping to the Event Grid events Azure Container
 * Registry publishes. Envelope format: distribution's notifications docs (`{"events":[…]}`, media type
 * `application/vnd.docker.distribution.events.v1+json`); target shape: the official ACR event samples.
 */
import {
  buildImageDeletedEvent,
  buildImagePushedEvent,
  type EventGridEvent,
  type ImageEventData,
  toAzureTimestamp,
} from '@scout-acr/sdk/events';
import { z } from 'zod';

export const REGISTRY_EVENTS_MEDIA_TYPE = 'application/vnd.docker.distribution.events.v1+json';

const registryEventSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: z.string(),
  action: z.string(),
  target: z
    .looseObject({
      mediaType: z.string().optional(),
      size: z.number().optional(),
      digest: z.string().optional(),
      length: z.number().optional(),
      repository: z.string().optional(),
      url: z.string().optional(),
      tag: z.string().optional(),
    })
    .default({}),
  request: z
    .looseObject({
      id: z.string().optional(),
      addr: z.string().optional(),
      host: z.string().optional(),
      method: z.string().optional(),
      useragent: z.string().optional(),
    })
    .default({}),
  actor: z.looseObject({ name: z.string().optional() }).optional(),
  source: z.looseObject({ addr: z.string().optional(), instanceID: z.string().optional() }).optional(),
});

export const registryEnvelopeSchema = z.looseObject({ events: z.array(registryEventSchema) });

/** One event of a distribution notification envelope. */
export type RegistryEvent = z.infer<typeof registryEventSchema>;

/** Media types of manifests (as opposed to blobs), for push events that carry no URL. */
const manifestMediaTypes = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

/** True when a push/pull event is about a manifest (distribution builds `…/manifests/<digest>` URLs for those). */
export function isManifestEvent(event: RegistryEvent): boolean {
  const url = event.target.url;
  if (url !== undefined && url !== '') return url.includes('/manifests/');
  return event.target.mediaType !== undefined && manifestMediaTypes.has(event.target.mediaType);
}

/** Distribution writes Go's RFC 3339 with nanoseconds and a local offset; ACR writes UTC with 7 digits. */
export function toAcrTimestamp(timestamp: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(timestamp);
  if (match !== null) return `${match[1]}.${(match[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
  const parsed = new Date(timestamp);
  return Number.isNaN(parsed.getTime()) ? toAzureTimestamp(new Date()) : toAzureTimestamp(parsed);
}

/** The registry an event belongs to, as far as the mapping needs it. */
export interface RegistryInfo {
  id: string;
  loginServer: string;
  location: string;
}

/**
 * Remembers what each pushed digest was, because distribution's delete events carry only repository and digest:
 * a manifest delete and a blob delete look the same, and ACR's ImageDeleted needs the manifest's media type.
 */
export class DigestMemory {
  private readonly manifests = new Map<string, string>();
  private readonly blobs = new Set<string>();

  remember(event: RegistryEvent): void {
    const { repository, digest, mediaType } = event.target;
    if (event.action !== 'push' || repository === undefined || digest === undefined) return;
    const key = `${repository}@${digest}`;
    if (isManifestEvent(event)) this.manifests.set(key, mediaType ?? '');
    else this.blobs.add(key);
  }

  /** `manifest` with its media type, `blob`, or `unknown` (pushed before we were listening). */
  kindOf(repository: string, digest: string): { kind: 'manifest'; mediaType: string } | { kind: 'blob' | 'unknown' } {
    const key = `${repository}@${digest}`;
    const mediaType = this.manifests.get(key);
    if (mediaType !== undefined) return { kind: 'manifest', mediaType };
    return { kind: this.blobs.has(key) ? 'blob' : 'unknown' };
  }
}

/** Why a registry event produced no Event Grid event (for the delivery log). */
export type SkipReason = 'pull' | 'blob' | 'mount' | 'tag-delete' | 'repository-delete' | 'unsupported-action';

export type MappingResult =
  | { kind: 'event'; event: EventGridEvent<ImageEventData> }
  | { kind: 'skip'; reason: SkipReason };

/** Media type assumed for the delete of a digest we never saw pushed (ACR's own default manifest type). */
export const UNKNOWN_DELETED_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

/**
 * Maps one distribution event to the ACR event it stands for: a manifest push → ImagePushed (subject `repo:tag`,
 * or `repo` when pushed by digest), a manifest delete → ImageDeleted (subject `repo`, no tag or size). Blob
 * events, pulls, mounts and tag deletes produce nothing, as on ACR. The event id is distribution's event id,
 * used for `data.id` too (as in the official samples), so a re-sent notification keeps its id.
 */
export function mapRegistryEvent(
  event: RegistryEvent,
  registry: RegistryInfo,
  memory: DigestMemory,
  now: Date = new Date(),
): MappingResult {
  const { repository, digest } = event.target;
  const common = {
    registryId: registry.id,
    loginServer: event.request.host ?? registry.loginServer,
    location: registry.location,
    id: event.id,
    eventTime: toAzureTimestamp(now),
    timestamp: toAcrTimestamp(event.timestamp),
    requestId: event.request.id,
    method: event.request.method,
    userAgent: event.request.useragent,
  };
  switch (event.action) {
    case 'pull':
      return { kind: 'skip', reason: 'pull' };
    case 'mount':
      return { kind: 'skip', reason: 'mount' };
    case 'push': {
      if (!isManifestEvent(event) || repository === undefined || digest === undefined) {
        return { kind: 'skip', reason: 'blob' };
      }
      return {
        kind: 'event',
        event: buildImagePushedEvent({
          ...common,
          repository,
          digest,
          mediaType: event.target.mediaType ?? UNKNOWN_DELETED_MEDIA_TYPE,
          tag: event.target.tag || undefined,
          size: event.target.size ?? event.target.length,
        }),
      };
    }
    case 'delete': {
      if (repository === undefined) return { kind: 'skip', reason: 'unsupported-action' };
      if (digest === undefined || digest === '') {
        return { kind: 'skip', reason: event.target.tag ? 'tag-delete' : 'repository-delete' };
      }
      const known = memory.kindOf(repository, digest);
      if (known.kind === 'blob') return { kind: 'skip', reason: 'blob' };
      const mediaType =
        known.kind === 'manifest' && known.mediaType !== '' ? known.mediaType : UNKNOWN_DELETED_MEDIA_TYPE;
      return { kind: 'event', event: buildImageDeletedEvent({ ...common, repository, digest, mediaType }) };
    }
    default:
      return { kind: 'skip', reason: 'unsupported-action' };
  }
}
