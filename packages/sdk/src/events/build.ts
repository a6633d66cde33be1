import { randomUUID } from 'node:crypto';
import { toCloudEvent } from './convert.js';
import { CONTAINER_REGISTRY_DATA_VERSION, EVENT_GRID_METADATA_VERSION, EventTypes } from './event-types.js';
import type { ImageDeletedEventData, ImagePushedEventData } from './schemas/container-registry.js';
import type { CloudEvent, EventGridEvent } from './schemas/envelope.js';

/** What is needed to describe an image event the way Azure Container Registry does. */
export interface ImageEventInput {
  /** ARM id of the registry: the event's `topic` / `source`. */
  registryId: string;
  /** The registry's login server, e.g. `myreg.azurecr.io`: `data.request.host`. */
  loginServer: string;
  repository: string;
  digest: string;
  mediaType: string;
  /** Pushed by tag; omit for a push by digest (the subject is then just the repository). Ignored for deletes. */
  tag?: string | undefined;
  /** Manifest size in bytes (`target.size` and `target.length`). Ignored for deletes. */
  size?: number | undefined;
  /** Registry region (`data.location`). */
  location?: string | undefined;
  /** Event id; ACR uses the same id for the event and `data.id`. Default: a random UUID. */
  id?: string | undefined;
  /** `data.id`; defaults to `id`. */
  dataId?: string | undefined;
  /** `eventTime` / `time`. Default: now. */
  eventTime?: Date | string | undefined;
  /** `data.timestamp`. Default: `eventTime`. */
  timestamp?: Date | string | undefined;
  /** `data.request.id`. Default: a random UUID. */
  requestId?: string | undefined;
  /** `data.request.method`. Default: `PUT` for a push, `DELETE` for a delete. */
  method?: string | undefined;
  /** `data.request.useragent`. Default: `''`. */
  userAgent?: string | undefined;
  /** `data.connectedRegistry.name`, only for events from a connected registry. */
  connectedRegistry?: string | undefined;
}

/** Selects the schema a builder produces; Event Grid schema by default. */
export interface BuildOptions<S extends 'EventGridSchema' | 'CloudEventSchemaV1_0' = 'EventGridSchema'> {
  schema?: S;
}

/**
 * Formats a time the way Azure writes it: UTC with 7 fractional digits, e.g. `2021-09-08T06:37:45.6609948Z`.
 * Strings are passed through unchanged.
 */
export function toAzureTimestamp(time: Date | string): string {
  if (typeof time === 'string') return time;
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

type Built<S, TData> = S extends 'CloudEventSchemaV1_0' ? CloudEvent<TData> : EventGridEvent<TData>;

function envelope<TData>(
  input: ImageEventInput,
  eventType: string,
  subject: string,
  id: string,
  eventTime: string,
  data: TData,
): EventGridEvent<TData> {
  // Key order follows the official Event Grid schema samples.
  return {
    id,
    topic: input.registryId,
    subject,
    eventType,
    data,
    dataVersion: CONTAINER_REGISTRY_DATA_VERSION,
    metadataVersion: EVENT_GRID_METADATA_VERSION,
    eventTime,
  };
}

function common(input: ImageEventInput, method: string) {
  const id = input.id ?? randomUUID();
  const eventTime = toAzureTimestamp(input.eventTime ?? new Date());
  const request = {
    id: input.requestId ?? randomUUID(),
    host: input.loginServer,
    method: input.method ?? method,
    useragent: input.userAgent ?? '',
  };
  return { id, eventTime, timestamp: toAzureTimestamp(input.timestamp ?? eventTime), request };
}

function located(location: string | undefined): { location?: string } {
  return location === undefined ? {} : { location };
}

function connected(name: string | undefined): { connectedRegistry?: { name: string } } {
  return name === undefined ? {} : { connectedRegistry: { name } };
}

/**
 * Builds the `Microsoft.ContainerRegistry.ImagePushed` event ACR sends for a manifest push: subject `repo:tag`
 * (just `repo` when pushed by digest), target with mediaType, size, digest, length, repository and tag.
 */
export function buildImagePushedEvent<S extends 'EventGridSchema' | 'CloudEventSchemaV1_0' = 'EventGridSchema'>(
  input: ImageEventInput,
  options: BuildOptions<S> = {},
): Built<S, ImagePushedEventData> {
  const { id, eventTime, timestamp, request } = common(input, 'PUT');
  const data: ImagePushedEventData = {
    id: input.dataId ?? id,
    timestamp,
    action: 'push',
    ...located(input.location),
    target: {
      mediaType: input.mediaType,
      ...(input.size === undefined ? {} : { size: input.size }),
      digest: input.digest,
      ...(input.size === undefined ? {} : { length: input.size }),
      repository: input.repository,
      ...(input.tag === undefined ? {} : { tag: input.tag }),
    },
    request,
    ...connected(input.connectedRegistry),
  };
  const subject = input.tag === undefined ? input.repository : `${input.repository}:${input.tag}`;
  const event = envelope(input, EventTypes.imagePushed, subject, id, eventTime, data);
  return (options.schema === 'CloudEventSchemaV1_0' ? toCloudEvent(event) : event) as Built<S, ImagePushedEventData>;
}

/**
 * Builds the `Microsoft.ContainerRegistry.ImageDeleted` event ACR sends for a manifest delete: subject `repo`,
 * target with mediaType, digest and repository only.
 */
export function buildImageDeletedEvent<S extends 'EventGridSchema' | 'CloudEventSchemaV1_0' = 'EventGridSchema'>(
  input: ImageEventInput,
  options: BuildOptions<S> = {},
): Built<S, ImageDeletedEventData> {
  const { id, eventTime, timestamp, request } = common(input, 'DELETE');
  const data: ImageDeletedEventData = {
    id: input.dataId ?? id,
    timestamp,
    action: 'delete',
    ...located(input.location),
    target: { mediaType: input.mediaType, digest: input.digest, repository: input.repository },
    request,
    ...connected(input.connectedRegistry),
  };
  const event = envelope(input, EventTypes.imageDeleted, input.repository, id, eventTime, data);
  return (options.schema === 'CloudEventSchemaV1_0' ? toCloudEvent(event) : event) as Built<S, ImageDeletedEventData>;
}

/** Builds the `Microsoft.EventGrid.SubscriptionValidationEvent` Event Grid sends when a webhook subscription is created. */
export function buildSubscriptionValidationEvent(input: {
  topic: string;
  validationCode: string;
  validationUrl?: string | undefined;
  id?: string | undefined;
  eventTime?: Date | string | undefined;
}): EventGridEvent<{ validationCode: string; validationUrl?: string }> {
  return {
    id: input.id ?? randomUUID(),
    topic: input.topic,
    subject: '',
    eventType: EventTypes.subscriptionValidation,
    data: {
      validationCode: input.validationCode,
      ...(input.validationUrl === undefined ? {} : { validationUrl: input.validationUrl }),
    },
    dataVersion: '2',
    metadataVersion: EVENT_GRID_METADATA_VERSION,
    eventTime: toAzureTimestamp(input.eventTime ?? new Date()),
  };
}
