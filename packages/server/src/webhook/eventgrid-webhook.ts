import type { IncomingMessage, ServerResponse } from 'node:http';
import { cloudEventsHandshakeHeaders, EventParseError, parseEventGridDelivery } from '@scout-acr/sdk/events';
import type { ServerContext } from '../context.js';
import { constantTimeEqualHash } from '../crypto/index.js';
import { HttpError, readBody, sendJson } from '../http/index.js';
import type { IntegrationRow } from '../store/index.js';
import { scanDelivery } from './delivery-text.js';
import { toEventRecords } from './events-to-records.js';
import { type EventIngestor, OverloadedError } from './ingestor.js';

export interface WebhookLimits {
  /** Largest accepted body. Event Grid batches are at most 1 MB. Default 1 MiB. */
  maxBodyBytes: number;
  /** Deepest accepted JSON nesting. ACR events need 4; default 32. */
  maxJsonDepth: number;
  /** Attempts of the job an event creates. */
  jobMaxAttempts: number;
}

// A fixed hash to compare against when the integration does not exist, so that path costs the same.
const DUMMY_HASH = Buffer.alloc(32, 7);

/**
 * `POST|OPTIONS /v1/webhooks/eventgrid/{integrationId}?code=<secret>`: the Event Grid endpoint.
 *
 * Status contract (Event Grid retries 408/429/5xx and not 400/401/413):
 * - 200 `{validationResponse}` for a SubscriptionValidation delivery; 200 for the CloudEvents OPTIONS check;
 * - 200 `{accepted, duplicates, ignored}` once every handled event is committed (deduplicated by event id);
 * - 401 for a wrong or missing secret or unknown integration (same body, no hint);
 * - 400 malformed JSON, too deep, or not an Event Grid / CloudEvents delivery; 413 body too large;
 * - 503 + Retry-After when the ingest queue is full, the server is stopping, or the store failed.
 */
export function createEventGridWebhook(
  ctx: ServerContext,
  ingestor: EventIngestor,
  limits: WebhookLimits,
  isStopping: () => boolean,
) {
  const reject = (reason: string, error: HttpError) => {
    ctx.metrics.eventsRejected.inc({ reason });
    return error;
  };

  /** For the dashboard's webhook health. Never fails the handshake: it matters more than the record of it. */
  async function recordHandshake(integrationId: string): Promise<void> {
    try {
      await ctx.store.recordHandshake(integrationId, ctx.now());
    } catch (error) {
      ctx.logger.warn({ err: error, integrationId }, 'recording the handshake time failed');
    }
  }

  async function authenticate(integrationId: string, url: URL): Promise<IntegrationRow> {
    const code = url.searchParams.get('code') ?? '';
    const row = await ctx.store.getIntegrationForWebhook(integrationId);
    const ok = constantTimeEqualHash(code, row?.webhookSecretHash ?? DUMMY_HASH);
    if (!row || !ok || code === '') {
      throw reject('unauthorized', new HttpError(401, 'Unauthorized', 'unauthorized'));
    }
    return row;
  }

  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    params: Record<string, string>,
  ): Promise<void> {
    if (isStopping())
      throw reject(
        'stopping',
        new HttpError(503, 'Unavailable', 'server is stopping', { headers: { 'retry-after': '10' } }),
      );
    const integration = await authenticate(params.integrationId ?? '', url);

    if (req.method === 'OPTIONS') {
      let headers: Record<string, string>;
      try {
        headers = cloudEventsHandshakeHeaders(req.headers);
      } catch {
        throw reject('malformed', new HttpError(400, 'BadRequest', 'WebHook-Request-Origin header is missing'));
      }
      await recordHandshake(integration.id);
      res.writeHead(200, { ...headers, allow: 'POST, OPTIONS', 'content-length': 0 });
      res.end();
      return;
    }

    let raw: Buffer;
    try {
      raw = await readBody(req, limits.maxBodyBytes);
    } catch (error) {
      throw reject(error instanceof HttpError && error.status === 413 ? 'too-large' : 'malformed', error as HttpError);
    }
    const text = raw.toString('utf8');
    const scanned = scanDelivery(text, limits.maxJsonDepth);
    if (scanned.tooDeep) {
      throw reject(
        'too-deep',
        new HttpError(400, 'BadRequest', `JSON nested deeper than ${limits.maxJsonDepth} levels`),
      );
    }
    let delivery: ReturnType<typeof parseEventGridDelivery>;
    try {
      delivery = parseEventGridDelivery(text, req.headers);
    } catch (error) {
      const message = error instanceof EventParseError ? error.message : 'not an Event Grid delivery';
      throw reject('malformed', new HttpError(400, 'BadRequest', message));
    }

    if (delivery.validation) {
      await recordHandshake(integration.id);
      ctx.logger.info({ integrationId: integration.id }, 'Event Grid subscription validation answered');
      sendJson(res, 200, { validationResponse: delivery.validation.validationCode });
      return;
    }

    const now = ctx.now();
    const { records, ignored } = toEventRecords(
      integration.id,
      delivery.events,
      now,
      limits.jobMaxAttempts,
      scanned.items,
    );
    let accepted = 0;
    let duplicates = 0;
    if (records.length > 0) {
      let results: Awaited<ReturnType<EventIngestor['submit']>>;
      try {
        results = await ingestor.submit(records);
      } catch (error) {
        if (error instanceof OverloadedError) {
          throw reject(
            'overloaded',
            new HttpError(503, 'Unavailable', 'overloaded', { headers: { 'retry-after': '5' } }),
          );
        }
        ctx.logger.error({ err: error, integrationId: integration.id }, 'storing events failed');
        throw reject(
          'storage',
          new HttpError(503, 'Unavailable', 'storage unavailable', { headers: { 'retry-after': '10' } }),
        );
      }
      for (const r of results) r.inserted ? accepted++ : duplicates++;
      ctx.metrics.eventsAccepted.inc({}, accepted);
      ctx.metrics.eventsDuplicate.inc({}, duplicates);
    }
    sendJson(res, 200, { accepted, duplicates, ignored });
  };
}
