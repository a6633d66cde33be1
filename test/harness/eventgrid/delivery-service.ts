/**
 * The Event Grid side of the test world: receives the registry's notifications, turns manifest pushes and deletes
 * into ACR's ImagePushed / ImageDeleted events on the registry's system topic, and delivers them to every matching
 * subscription the ARM emulator holds.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryLog } from './delivery-log.js';
import { Dispatcher } from './dispatcher.js';
import { evaluateFilter } from './filter.js';
import {
  DigestMemory,
  mapRegistryEvent,
  type RegistryEvent,
  registryEnvelopeSchema,
} from './registry-notifications.js';
import { ATTEMPT_TIMEOUT_MS } from './retry-policy.js';
import { readSubscriptionConfig } from './subscription-config.js';

/** The part of the ARM emulator the delivery needs (structural, so unit tests can pass a fake). */
export interface DeliveryEmulator {
  state: {
    findRegistryByLoginServer(loginServer: string): { id: string; loginServer: string; location: string } | undefined;
    eventSubscriptionsForRegistry(
      registryId: string,
    ): Array<{ id: string; name: string; topicId: string; properties: Record<string, unknown> }>;
  };
}

export interface EventGridDeliveryOptions {
  emulator: DeliveryEmulator;
  /** Multiplies retry delays and event time to live, e.g. 0.001 in tests. Default 1. */
  timeScale?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (random). */
  port?: number;
  /** Per-attempt timeout (Azure: 30 s, not scaled). */
  attemptTimeoutMs?: number;
  /** Events arriving within this window are batched together. Default 0 (events of one notification). */
  batchWindowMs?: number;
}

export interface EventGridDelivery {
  /** Where the registry posts its notifications (`notifications.endpoints[].url`). */
  notificationUrl: string;
  /** Base URL; `GET <baseUrl>/_deliveries` returns the log as JSON. */
  baseUrl: string;
  log: DeliveryLog;
  /** Resolves when nothing is buffered, in flight or waiting for a retry. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const MAX_NOTIFICATION_BYTES = 5 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_NOTIFICATION_BYTES) {
        reject(new Error('notification too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** Starts the Event Grid delivery service. Close it in `afterAll`. */
export async function startEventGridDelivery(options: EventGridDeliveryOptions): Promise<EventGridDelivery> {
  const timeScale = options.timeScale ?? 1;
  const log = new DeliveryLog();
  const memory = new DigestMemory();
  const seen = new Set<string>();
  const dispatcher = new Dispatcher({
    log,
    timeScale,
    attemptTimeoutMs: options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
    batchWindowMs: options.batchWindowMs ?? 0,
  });

  const publish = (registryEvent: RegistryEvent): void => {
    // Distribution delivers at least once; a re-sent notification must not publish twice.
    if (seen.has(registryEvent.id)) return;
    seen.add(registryEvent.id);
    memory.remember(registryEvent);
    const now = new Date();
    const skip = (reason: string) =>
      log.recordSkipped({
        registryEventId: registryEvent.id,
        action: registryEvent.action,
        ...(registryEvent.target.repository === undefined ? {} : { repository: registryEvent.target.repository }),
        reason,
        at: now.toISOString(),
      });
    const host = registryEvent.request.host;
    const registry = host === undefined ? undefined : options.emulator.state.findRegistryByLoginServer(host);
    if (registry === undefined) {
      skip(`no registry with login server ${host ?? '(none)'}`);
      return;
    }
    const mapped = mapRegistryEvent(registryEvent, registry, memory, now);
    if (mapped.kind === 'skip') {
      skip(mapped.reason);
      return;
    }

    const matched: string[] = [];
    for (const raw of options.emulator.state.eventSubscriptionsForRegistry(registry.id)) {
      const subscription = readSubscriptionConfig(raw);
      if (subscription.endpointType !== 'WebHook') continue;
      if (subscription.provisioningState !== undefined && subscription.provisioningState !== 'Succeeded') continue;
      if (subscription.expirationTimeUtc !== undefined && Date.parse(subscription.expirationTimeUtc) <= now.getTime()) {
        continue;
      }
      if (!evaluateFilter(mapped.event, subscription.filter).matched) continue;
      matched.push(subscription.name);
      dispatcher.enqueue(subscription, mapped.event, now.getTime());
    }
    log.recordPublished({ event: mapped.event, matchedSubscriptions: matched, at: now.toISOString() });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/_deliveries') {
      if (request.method === 'GET') return sendJson(response, 200, log.snapshot());
      if (request.method === 'DELETE') {
        log.clear();
        return sendJson(response, 200, {});
      }
      return sendJson(response, 405, { error: 'method not allowed' });
    }
    if (path === '/_deliveries/flush' && request.method === 'POST') {
      await dispatcher.idle();
      return sendJson(response, 200, {});
    }
    if (request.method !== 'POST') return sendJson(response, 405, { error: 'method not allowed' });
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.includes('application/vnd.docker.distribution.events.v1+json') && !contentType.includes('json')) {
      return sendJson(response, 415, { error: 'expected application/vnd.docker.distribution.events.v1+json' });
    }
    let envelope: { events: RegistryEvent[] };
    try {
      const parsed = registryEnvelopeSchema.safeParse(JSON.parse((await readBody(request)).toString('utf8')));
      if (!parsed.success) return sendJson(response, 400, { error: 'not a registry notification envelope' });
      envelope = parsed.data;
    } catch {
      return sendJson(response, 400, { error: 'invalid JSON' });
    }
    for (const event of envelope.events) publish(event);
    sendJson(response, 200, {});
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : 'error' });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    notificationUrl: `${baseUrl}/registry-notifications`,
    baseUrl,
    log,
    flush: () => dispatcher.idle(),
    close: async () => {
      dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
