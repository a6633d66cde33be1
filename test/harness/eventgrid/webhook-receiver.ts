/**
 * A tiny webhook for tests: answers Event Grid's validation handshake (the SubscriptionValidation event, and the
 * CloudEvents OPTIONS abuse-protection check), records every notification it receives, and answers them with
 * whatever status the test programs (e.g. fail three times, then succeed).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  cloudEventsHandshakeHeaders,
  type EventGridDelivery as ParsedDelivery,
  parseEventGridDelivery,
  subscriptionValidationResponse,
} from '@scout-acr/sdk/events';
import { ensureTestCa, issueServerCert } from '../tls/index.js';

/** One notification as the receiver saw it. */
export interface ReceivedNotification {
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  parsed: ParsedDelivery;
  /** Status the receiver answered with. */
  status: number;
}

/** Decides the status for the n-th (0-based) notification. Default: 200. */
export type Responder = (notification: Omit<ReceivedNotification, 'status'>, index: number) => number;

export interface WebhookReceiver {
  /** Endpoint URL to put in the subscription (`…/hook/<name>`; any path works). */
  url: string;
  notifications: ReceivedNotification[];
  /** Validation handshakes answered (event or OPTIONS). */
  handshakes: number;
  setResponder(responder: Responder): void;
  /** Resolves once `count` notifications have arrived. */
  waitForNotifications(count: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Fails with the status for the first `failures` notifications, then answers 200. */
export function failTimes(failures: number, status = 500): Responder {
  return (_notification, index) => (index < failures ? status : 200);
}

export async function startWebhookReceiver(
  options: { tls?: boolean; responder?: Responder } = {},
): Promise<WebhookReceiver> {
  const notifications: ReceivedNotification[] = [];
  let responder: Responder = options.responder ?? (() => 200);
  let handshakes = 0;
  const waiters = new Set<() => void>();

  const handle = (request: IncomingMessage, response: ServerResponse, rawBody: string) => {
    const headers = headerRecord(request);
    if (request.method === 'OPTIONS') {
      handshakes += 1;
      response.writeHead(200, cloudEventsHandshakeHeaders(headers));
      response.end();
      return;
    }
    let parsed: ParsedDelivery;
    try {
      parsed = parseEventGridDelivery(rawBody, headers);
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: error instanceof Error ? error.message : 'bad request' }));
      return;
    }
    if (parsed.aegEventType === 'SubscriptionValidation') {
      handshakes += 1;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(subscriptionValidationResponse(parsed)));
      return;
    }
    const received = { path: request.url ?? '/', headers, rawBody, parsed };
    const status = responder(received, notifications.length);
    notifications.push({ ...received, status });
    response.writeHead(status);
    response.end();
    for (const wake of waiters) wake();
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  };

  let server: ReturnType<typeof createHttpServer>;
  if (options.tls) {
    const ca = await ensureTestCa();
    const cert = await issueServerCert(ca, ['127.0.0.1', 'localhost']);
    server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, listener);
  } else {
    server = createHttpServer(listener);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
    notifications,
    get handshakes() {
      return handshakes;
    },
    setResponder(next) {
      responder = next;
    },
    waitForNotifications(count, timeoutMs = 30_000) {
      if (notifications.length >= count) return Promise.resolve(notifications.slice(0, count));
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (notifications.length < count) return;
          done();
          resolve(notifications.slice(0, count));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`webhook receiver: ${notifications.length}/${count} notifications after ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
