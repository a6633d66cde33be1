import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger, type Logger, redactUrl } from '@scout-acr/sdk';
import { buildOpenApiDocument } from '@scout-acr/sdk/client';
import type { AnalysisLimits } from '../analysis/index.js';
import { createAnalysisMetrics, PackageAnalyzer } from '../analyze/index.js';
import type { ServerContext } from '../context.js';
import { loadSecretKey, SecretBox } from '../crypto/index.js';
import { createDashboard, type Dashboard, type DashboardOptions } from '../dashboard/index.js';
import { FindingsService } from '../findings/service.js';
import { HttpError, Router, sendError, sendJson } from '../http/index.js';
import type { ImageAnalyzer } from '../images/analyzer.js';
import { createImageJobHandlers } from '../images/image-job.js';
import { JobWorker, type JobWorkerOptions } from '../jobs/worker.js';
import { createMetrics } from '../metrics/metrics.js';
import { type ConnectionTester, GatewayConnectionTester } from '../registry/connection-tester.js';
import { defaultGatewayFactory } from '../registry/default-gateway.js';
import type { RegistryGatewayFactory } from '../registry/gateway.js';
import { createApiHandlers } from '../routes/api-handlers.js';
import { SqliteFindingsStore, SqliteStore } from '../store/index.js';
import { SERVER_VERSION } from '../version.js';
import { createEventGridWebhook, type WebhookLimits } from '../webhook/eventgrid-webhook.js';
import { EventIngestor } from '../webhook/ingestor.js';
import { type RouteHandler, registerApiRoutes } from './api-router.js';

export interface ScoutServerOptions {
  /** Data directory (SQLite database, secret key file); created if missing. */
  dataDir: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default `0.0.0.0`. */
  host?: string;
  /** URL Event Grid reaches; default `http://<host>:<port>`. */
  publicUrl?: string;
  /** Base64 of the 32-byte secret key (`SCOUT_ACR_SECRET_KEY`); else `<dataDir>/secret.key`. */
  secretKey?: string;
  secretKeyFile?: string;
  /** How registries are reached (default: the SDK's RegistryClient). */
  gateways?: RegistryGatewayFactory;
  tester?: ConnectionTester;
  /**
   * Package/vulnerability analysis seam, called after an image is recorded. Default: the package analyzer
   * (layers streamed and cached by diffID, packages stored per image); `false` only records images.
   */
  analyzer?: ImageAnalyzer | false;
  /** Limits of the default analyzer per image (uncompressed bytes, files, expansion ratio). */
  analysisLimits?: Partial<AnalysisLimits>;
  logger?: Logger;
  /** Job worker settings, or `false` to run no worker in this process. */
  worker?: JobWorkerOptions | false;
  webhook?: Partial<WebhookLimits> & { maxPendingEvents?: number };
  /** SQLite `synchronous`: NORMAL (default) survives kill -9; FULL also power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * How often `<dataDir>/vulndb.sqlite` is checked for a new import (by `scout-acr-server db import|update`),
   * in ms; a new one re-matches every stored image. Default 10 000; 0 checks only at start.
   */
  vulnDbPollMs?: number;
  /**
   * The web dashboard at `/` (sessions, pages, static files; `/v1` then also takes its session cookie), or
   * `false` for none.
   */
  dashboard?: DashboardOptions | false;
}

export interface ScoutServer {
  url: string;
  port: number;
  publicUrl: string;
  context: ServerContext;
  worker: JobWorker | undefined;
  /** Graceful stop: refuse new webhook deliveries, finish requests and jobs (up to `graceMs`), close the store. */
  close(graceMs?: number): Promise<void>;
}

/** Starts the scout-acr server: store, webhook, API, health and metrics, job worker. */
export async function startScoutServer(options: ScoutServerOptions): Promise<ScoutServer> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? createLogger({ name: 'scout-acr-server' });
  const { key, origin } = loadSecretKey({
    base64: options.secretKey,
    file: options.secretKeyFile ?? join(options.dataDir, 'secret.key'),
  });
  if (origin === 'generated') logger.warn('generated a new secret key in the data directory (mode 0600); back it up');
  const store = new SqliteStore(join(options.dataDir, 'scout-acr.db'), {
    synchronous: options.synchronous,
    checkpoint: 'background',
    onCheckpointError: (error) =>
      logger.warn({ err: error }, 'background WAL checkpoints stopped; the store checkpoints inline from now on'),
  });
  const gateways = options.gateways ?? defaultGatewayFactory();
  const metrics = createMetrics();
  const ctx: ServerContext = {
    store,
    secrets: new SecretBox(key),
    tester: options.tester ?? new GatewayConnectionTester(gateways),
    gateways,
    logger,
    metrics,
    publicUrl: '',
    now: Date.now,
  };
  const findings = new FindingsService({
    store: new SqliteFindingsStore(store.db),
    dataDir: options.dataDir,
    logger,
    now: () => ctx.now(),
    ...(options.vulnDbPollMs === undefined ? {} : { pollMs: options.vulnDbPollMs }),
  });
  ctx.findings = findings;
  try {
    await findings.start();
  } catch (error) {
    // A damaged database file must not stop the server: it matches nothing until a good import.
    logger.warn({ err: error }, 'vulnerability database not loaded');
  }
  const limits: WebhookLimits = {
    maxBodyBytes: options.webhook?.maxBodyBytes ?? 1024 * 1024,
    maxJsonDepth: options.webhook?.maxJsonDepth ?? 32,
    jobMaxAttempts: options.webhook?.jobMaxAttempts ?? 8,
  };
  const analysisMetrics = createAnalysisMetrics();
  const analyzer =
    options.analyzer === false
      ? undefined
      : (options.analyzer ??
        new PackageAnalyzer({
          store,
          metrics: analysisMetrics,
          logger,
          now: () => ctx.now(),
          onInventory: (image, inventory) => findings.onInventory(image, inventory),
          ...(options.analysisLimits ? { limits: options.analysisLimits } : {}),
        }));
  const worker =
    options.worker === false ? undefined : new JobWorker(ctx, createImageJobHandlers(ctx, analyzer), options.worker);
  let stopping = false;
  const ingestor = new EventIngestor(store, options.webhook?.maxPendingEvents ?? 10_000);
  const webhook = createEventGridWebhook(ctx, ingestor, limits, () => stopping);

  const router = new Router<RouteHandler>();
  router.add('GET', '/healthz', async (_req, res) => sendJson(res, 200, { status: 'ok', version: SERVER_VERSION }));
  router.add('GET', '/readyz', async (_req, res) => {
    try {
      if (stopping) throw new Error('stopping');
      await store.ping();
      await store.jobCountsByState();
      sendJson(res, 200, { status: 'ready' });
    } catch {
      sendJson(res, 503, { status: 'not-ready' });
    }
  });
  router.add('GET', '/metrics', async (_req, res) => {
    const text = await metrics.render(async () => {
      const counts = await store.jobCountsByState();
      const lines = ['# HELP scout_acr_jobs Jobs by state', '# TYPE scout_acr_jobs gauge'];
      for (const [state, n] of Object.entries(counts)) lines.push(`scout_acr_jobs{state="${state}"} ${n}`);
      lines.push(
        '# HELP scout_acr_webhook_pending_events Events waiting for their commit',
        '# TYPE scout_acr_webhook_pending_events gauge',
      );
      lines.push(`scout_acr_webhook_pending_events ${ingestor.pending}`);
      lines.push(
        '# HELP scout_acr_webhook_commits_total Group commits of webhook events',
        '# TYPE scout_acr_webhook_commits_total counter',
      );
      lines.push(`scout_acr_webhook_commits_total ${ingestor.commits}`);
      lines.push(...analysisMetrics.render());
      return lines;
    });
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
  });
  const openApi = JSON.stringify(buildOpenApiDocument(SERVER_VERSION));
  router.add('GET', '/v1/openapi.json', async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(openApi);
  });
  for (const method of ['POST', 'OPTIONS']) router.add(method, '/v1/webhooks/eventgrid/{integrationId}', webhook);
  const dashboard: Dashboard | undefined =
    options.dashboard === false ? undefined : createDashboard(ctx, options.dashboard);
  registerApiRoutes(router, ctx, createApiHandlers({ jobMaxAttempts: limits.jobMaxAttempts }), {
    sessions: dashboard?.sessions,
  });
  dashboard?.register(router);

  const server: Server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 60_000 }, (req, res) => {
    const requestId = headerRequestId(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const started = performance.now();
    const done = (error?: unknown) => {
      if (error !== undefined) {
        if (!(error instanceof HttpError)) logger.error({ err: error, requestId }, 'request failed');
        req.resume();
        sendError(res, error, requestId);
      }
      if (logger.isLevelEnabled('debug')) {
        const ms = performance.now() - started;
        logger.debug(
          { requestId, method: req.method, path: redactUrl(url.pathname), status: res.statusCode, ms },
          'request',
        );
      }
    };
    // Assets take the raw target: URL parsing would resolve `..` and `%2e%2e` before anyone could refuse them.
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] as string;
    if (dashboard?.isAsset(rawPath)) {
      dashboard.serveAsset(req, res, rawPath).then(() => done(), done);
      return;
    }
    let match: ReturnType<typeof router.match>;
    try {
      match = router.match(req.method ?? 'GET', url.pathname);
    } catch {
      // A malformed escape in a path parameter (`%E0%A4%A`): the router's decodeURIComponent throws.
      return done(new HttpError(400, 'BadRequest', 'the request path is not validly percent-encoded'));
    }
    if (match === undefined) return done(new HttpError(404, 'NotFound', 'no such route'));
    if (match === 'method') return done(new HttpError(405, 'MethodNotAllowed', 'method not allowed'));
    match.handler(req, res, url, match.params).then(() => done(), done);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    await findings.stop();
    await store.close(); // e.g. EADDRINUSE: leave nothing open behind
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  worker?.start();
  logger.info({ url, publicUrl: ctx.publicUrl }, 'scout-acr server listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    publicUrl: ctx.publicUrl,
    context: ctx,
    worker,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await worker?.stop(graceMs);
        await findings.stop();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await store.close();
      })();
      return closing;
    },
  };
}

function headerRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}
