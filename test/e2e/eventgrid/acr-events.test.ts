/**
 * The whole chain a real ACR runs: `skopeo` pushes to the registry (distribution 2.8 behind ACR's auth front),
 * distribution notifies the Event Grid delivery, and the webhook subscribed through ARM receives exactly the
 * ImagePushed / ImageDeleted event Azure Container Registry sends — compared field by field with Microsoft's
 * official samples, ids and times aside.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isImageDeletedEvent, isImagePushedEvent, type NormalizedEvent } from '@scout-acr/sdk/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../../harness/arm/index.js';
import {
  type EventGridDelivery,
  startEventGridDelivery,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../harness/eventgrid/index.js';
import { type BuiltLayout, buildOciLayout, deleteImage, pushImage } from '../../harness/images/index.js';
import { startRegistry, type TestRegistry } from '../../harness/registry/index.js';
import { EventGridArm, webhookSubscription } from './arm.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const samples = resolve(
  repoRoot,
  '../shared/fixtures/azure/specification/eventgrid/data-plane/Microsoft.ContainerRegistry/stable/2018-01-01/examples/event-grid-schema',
);
// biome-ignore lint/suspicious/noExplicitAny: the official samples are compared field by field
type Json = Record<string, any>;
const sample = (name: string): Json => JSON.parse(readFileSync(join(samples, `${name}.json`), 'utf8'));

const RESOURCE_GROUP = 'rg-acr-events';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AZURE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

/** Key sets of the event and of each nested object, to compare the shape with the official sample. */
function shape(event: Json): Record<string, string[]> {
  const { connectedRegistry: _onlyOnConnectedRegistries, ...data } = event.data;
  return {
    envelope: Object.keys(event).sort(),
    data: Object.keys(data).sort(),
    target: Object.keys(event.data.target).sort(),
    request: Object.keys(event.data.request).sort(),
  };
}

let emulator: ArmEmulator;
let delivery: EventGridDelivery;
let registry: TestRegistry;
let receiver: WebhookReceiver;
let layout: BuiltLayout;
let temp: string;

/** Waits until the delivery has published an event of `type`, then until every delivery settled. */
async function published(type: string, count = 1): Promise<void> {
  await delivery.log.waitFor((log) => log.published.filter((p) => p.event.eventType === type).length >= count, 60_000);
  await delivery.flush();
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scout-acr-eventgrid-e2e-'));
  emulator = await startArmEmulator();
  delivery = await startEventGridDelivery({ emulator, timeScale: 0.001 });
  registry = await startRegistry({
    emulator,
    resourceGroup: RESOURCE_GROUP,
    name: 'jolovcr',
    notificationUrl: delivery.notificationUrl,
  });
  receiver = await startWebhookReceiver({ tls: true });
  const arm = new EventGridArm(emulator, RESOURCE_GROUP, 'docker-scout-repository');
  await arm.createSystemTopic(registry.registryId);
  await arm.createSubscription('image-change', webhookSubscription(receiver.url));
  layout = await buildOciLayout({
    dir: join(temp, 'layout'),
    image: { layers: [{ files: { 'etc/nginx/nginx.conf': 'worker_processes 1;\n' } }] },
  });
});

afterAll(async () => {
  await registry?.close();
  await delivery?.close();
  await receiver?.close();
  await emulator?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('ACR events from a real registry', () => {
  let pushedEvent: NormalizedEvent;

  it('a skopeo push produces exactly the ImagePushed a real ACR sends', async () => {
    await pushImage({ layoutDir: layout.dir, ref: 'samples/nginx:latest', registry });
    await published('Microsoft.ContainerRegistry.ImagePushed');

    expect(receiver.notifications).toHaveLength(1);
    const [notification] = receiver.notifications;
    const event = notification?.parsed.events[0];
    if (event === undefined || !isImagePushedEvent(event)) throw new Error('expected an ImagePushed event');
    pushedEvent = event;
    const raw = event.raw as Json;
    const official = sample('image_pushed');

    expect(shape(raw)).toEqual(shape(official));
    expect(raw).toMatchObject({
      topic: registry.registryId,
      subject: 'samples/nginx:latest',
      eventType: official.eventType,
      dataVersion: official.dataVersion,
      metadataVersion: official.metadataVersion,
    });
    expect(raw.data).toMatchObject({
      action: official.data.action,
      location: 'westus',
      target: {
        mediaType: layout.top.mediaType,
        size: layout.top.size,
        digest: layout.top.digest,
        length: layout.top.size,
        repository: 'samples/nginx',
        tag: 'latest',
      },
      request: { host: registry.loginServer, method: official.data.request.method },
    });
    expect(raw.data.request.useragent).toMatch(/\S/);
    expect(raw.id).toMatch(UUID);
    expect(raw.data.id).toBe(raw.id);
    expect(raw.data.request.id).toMatch(UUID);
    expect(raw.eventTime).toMatch(AZURE_TIME);
    expect(raw.data.timestamp).toMatch(AZURE_TIME);
    expect(notification?.headers).toMatchObject({
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': 'IMAGE-CHANGE',
    });
    // Only the manifest makes an event: the config and layer uploads are blobs.
    expect(delivery.log.published.map((p) => p.event.subject)).toEqual(['samples/nginx:latest']);
  });

  it('a skopeo delete produces exactly the ImageDeleted a real ACR sends', async () => {
    receiver.notifications.length = 0;
    await deleteImage({ ref: `samples/nginx@${layout.top.digest}`, registry });
    await published('Microsoft.ContainerRegistry.ImageDeleted');

    expect(receiver.notifications).toHaveLength(1);
    const event = receiver.notifications[0]?.parsed.events[0];
    if (event === undefined || !isImageDeletedEvent(event)) throw new Error('expected an ImageDeleted event');
    const raw = event.raw as Json;
    const official = sample('image_deleted');

    expect(shape(raw)).toEqual(shape(official));
    expect(raw).toMatchObject({
      topic: registry.registryId,
      subject: 'samples/nginx',
      eventType: official.eventType,
      dataVersion: official.dataVersion,
      metadataVersion: official.metadataVersion,
    });
    expect(raw.data).toMatchObject({
      action: official.data.action,
      location: 'westus',
      target: { mediaType: layout.top.mediaType, digest: layout.top.digest, repository: 'samples/nginx' },
      request: { host: registry.loginServer, method: official.data.request.method },
    });
    expect(raw.id).toMatch(UUID);
    expect(raw.id).not.toBe(pushedEvent.id);
    expect(raw.eventTime).toMatch(AZURE_TIME);
  });

  it('a multi-platform push produces an untagged ImagePushed per platform manifest, then the tagged index', async () => {
    receiver.notifications.length = 0;
    const index = await buildOciLayout({
      dir: join(temp, 'index'),
      index: [
        { platform: { os: 'linux', architecture: 'amd64' }, layers: [{ files: { 'bin/app': 'amd64' } }] },
        { platform: { os: 'linux', architecture: 'arm64' }, layers: [{ files: { 'bin/app': 'arm64' } }] },
      ],
    });
    await pushImage({ layoutDir: index.dir, ref: 'samples/multi:1.0', registry });
    await delivery.log.waitFor((log) => log.published.some((p) => p.event.subject === 'samples/multi:1.0'), 60_000);
    await delivery.flush();

    const events = receiver.notifications.flatMap((n) => n.parsed.events).filter(isImagePushedEvent);
    const children = index.images.map((image) => image.manifest.digest).sort();
    expect(
      events
        .filter((e) => e.subject === 'samples/multi')
        .map((e) => e.data.target.digest)
        .sort(),
    ).toEqual(children);
    expect(events.filter((e) => e.subject === 'samples/multi').every((e) => e.data.target.tag === undefined)).toBe(
      true,
    );
    const tagged = events.filter((e) => e.subject === 'samples/multi:1.0');
    expect(tagged.map((e) => [e.data.target.digest, e.data.target.mediaType, e.data.target.tag])).toEqual([
      [index.top.digest, index.top.mediaType, '1.0'],
    ]);
    expect(events).toHaveLength(3);
  });
});
