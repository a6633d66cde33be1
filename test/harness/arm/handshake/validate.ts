/**
 * Event Grid's endpoint validation, performed for real against the webhook:
 * - EventGridSchema: POST a `Microsoft.EventGrid.SubscriptionValidationEvent` (JSON array, header
 *   `aeg-event-type: SubscriptionValidation`); valid iff the answer is 200 with `{"validationResponse": code}`,
 *   or (manual validation) the webhook GETs `validationUrl` before the timeout.
 * - CloudEventSchemaV1_0: the CloudEvents abuse-protection OPTIONS request with `WebHook-Request-Origin`;
 *   valid iff the answer is 200 with a `WebHook-Allowed-Origin` allowing eventgrid.azure.net.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { OperationOutcome } from '../lro/operations.js';
import { endpointBaseUrl } from '../state/subscription-properties.js';

export const EVENT_GRID_ORIGIN = 'eventgrid.azure.net';
const MAX_BODY = 64 * 1024;

export interface HandshakeInput {
  endpointUrl: string;
  schema: string;
  topicId: string;
  subscriptionName: string;
  timeoutMs: number;
  /** Extra CAs (PEM) trusted for https webhooks, e.g. the test CA. */
  ca: string[];
  /** Base of the manual validation URL served by the emulator. */
  validationBaseUrl: string;
  /** Registers a manual validation; resolves when the webhook GETs its URL. */
  awaitManualValidation: (id: string, token: string) => { promise: Promise<void>; cancel: () => void };
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  ca: string[],
  timeoutMs: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const requester = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = requester(
      target,
      {
        method,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body).toString() }),
        },
        timeout: timeoutMs,
        ...(target.protocol === 'https:' ? { ca: [...rootCertificates, ...ca] } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Azure's failure shape: code `Url validation`, a message without the URL's secret part, same in details. */
export function urlValidationFailure(endpointUrl: string, responseCode: string): OperationOutcome {
  let base: string;
  try {
    base = endpointBaseUrl(endpointUrl);
  } catch {
    base = '(invalid url)';
  }
  const message = `Webhook validation handshake failed for ${base}. Http POST request failed with response code ${responseCode}. For troubleshooting, visit https://aka.ms/esvalidation.`;
  return { ok: false, error: { code: 'Url validation', message, details: [{ code: 'Url validation', message }] } };
}

async function validateEventGridSchema(input: HandshakeInput): Promise<OperationOutcome> {
  const validationCode = randomUUID().toUpperCase();
  const handshakeId = randomUUID();
  const token = randomUUID().replaceAll('-', '');
  const validationUrl = `${input.validationBaseUrl}?id=${handshakeId}&t=${token}`;
  const event = [
    {
      id: randomUUID(),
      topic: input.topicId,
      subject: '',
      data: { validationCode, validationUrl },
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(),
      metadataVersion: '1',
      dataVersion: '2',
    },
  ];
  const manual = input.awaitManualValidation(handshakeId, token);
  const started = Date.now();
  try {
    let response: RawResponse;
    try {
      response = await send(
        input.endpointUrl,
        'POST',
        {
          'content-type': 'application/json; charset=utf-8',
          'aeg-event-type': 'SubscriptionValidation',
          'aeg-subscription-name': input.subscriptionName.toUpperCase(),
          'aeg-data-version': '2',
          'aeg-metadata-version': '1',
          'aeg-delivery-count': '0',
        },
        JSON.stringify(event),
        input.ca,
        input.timeoutMs,
      );
    } catch {
      return urlValidationFailure(input.endpointUrl, 'Unknown');
    }
    if (response.status !== 200) return urlValidationFailure(input.endpointUrl, String(response.status));
    try {
      const parsed = JSON.parse(response.body) as { validationResponse?: unknown } | null;
      if (parsed && typeof parsed === 'object' && 'validationResponse' in parsed) {
        return parsed.validationResponse === validationCode
          ? { ok: true }
          : urlValidationFailure(input.endpointUrl, 'OK (wrong validationResponse)');
      }
    } catch {
      // Not JSON: maybe the webhook validates manually through validationUrl.
    }
    const remaining = Math.max(0, input.timeoutMs - (Date.now() - started));
    const timedOut = await Promise.race([
      manual.promise.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), remaining).unref()),
    ]);
    return timedOut ? urlValidationFailure(input.endpointUrl, 'OK (no validationResponse)') : { ok: true };
  } finally {
    manual.cancel();
  }
}

async function validateCloudEvents(input: HandshakeInput): Promise<OperationOutcome> {
  let response: RawResponse;
  try {
    response = await send(
      input.endpointUrl,
      'OPTIONS',
      { 'webhook-request-origin': EVENT_GRID_ORIGIN, 'webhook-request-rate': '120' },
      undefined,
      input.ca,
      input.timeoutMs,
    );
  } catch {
    return urlValidationFailure(input.endpointUrl, 'Unknown');
  }
  const allowed = String(response.headers['webhook-allowed-origin'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase());
  if (response.status === 200 && (allowed.includes(EVENT_GRID_ORIGIN) || allowed.includes('*'))) return { ok: true };
  return urlValidationFailure(input.endpointUrl, String(response.status));
}

/** Runs the handshake the subscription's delivery schema calls for. Never throws. */
export function runValidationHandshake(input: HandshakeInput): Promise<OperationOutcome> {
  return input.schema === 'CloudEventSchemaV1_0' ? validateCloudEvents(input) : validateEventGridSchema(input);
}
