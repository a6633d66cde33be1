/**
 * The HTTPS front of the emulator: control routes, then (for ARM traffic) latency and fault injection, auth,
 * route matching, subscription and api-version checks, the handler, ARM headers, and recording.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArmError, armErrors } from '../errors/arm-error.js';
import type { FaultPlan, Faults } from '../faults/injector.js';
import type { Recorder } from '../recording/recorder.js';
import { API_VERSIONS, type EmulatorEnv, type HttpResult } from './context.js';
import { handleControl } from './control.js';
import { armIdentityHeaders, flattenHeaders, parseJson, readBody, writeResponse } from './exchange.js';
import { matchRoute } from './router.js';

export interface ServerDeps {
  env: EmulatorEnv;
  faults: Faults;
  recorder: Recorder;
  latencyMs: number;
}

const RESOURCE_TYPES = { cr: 'registries', eg: 'systemTopics' } as const;

function faultResult(plan: FaultPlan): HttpResult | undefined {
  const fault = plan.fault;
  if (!fault || fault.kind === 'drop') return undefined;
  if (fault.kind === 'throttle') {
    return {
      status: fault.status,
      headers: { 'retry-after': String(fault.retryAfterSeconds) },
      body: {
        error: {
          code: 'TooManyRequests',
          message:
            'The request is being throttled as the limit has been reached for operation type. Please retry after the time specified in Retry-After.',
        },
      },
    };
  }
  const code = fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
  return {
    status: fault.status,
    body: { error: { code, message: 'The server encountered an internal error. Please retry the request.' } },
  };
}

async function dispatch(
  method: string,
  url: URL,
  headers: Record<string, string>,
  rawBody: string,
  req: IncomingMessage,
  env: EmulatorEnv,
): Promise<HttpResult> {
  const auth = headers.authorization;
  if (auth === undefined || auth.trim() === '') throw armErrors.authenticationFailed();
  if (!/^Bearer\s+\S+/i.test(auth)) throw armErrors.invalidAuthenticationToken();
  const match = matchRoute(method, url.pathname);
  if (match.kind === 'none') throw armErrors.noRoute(method, url.pathname);
  if (match.kind === 'method-not-allowed') throw armErrors.methodNotAllowed(method);
  const { route, params } = match;
  if (params.subscriptionId !== undefined) env.model.requireSubscription(params.subscriptionId);
  if (route.provider) {
    const version = url.searchParams.get('api-version');
    if (!version) throw armErrors.missingApiVersion();
    const expected = API_VERSIONS[route.provider];
    if (version !== expected) throw armErrors.unsupportedApiVersion(version, RESOURCE_TYPES[route.provider], expected);
  }
  let body: unknown;
  try {
    body = parseJson(rawBody);
  } catch {
    throw armErrors.invalidRequestContent('The request content was invalid and could not be deserialized.');
  }
  if ((method === 'PUT' || method === 'PATCH') && (typeof body !== 'object' || body === null)) {
    throw armErrors.invalidRequestContent('The request content is required and must be a JSON object.');
  }
  return route.handler({ method, url, params, query: url.searchParams, headers: req.headers, body }, env);
}

function errorResult(error: unknown): HttpResult {
  if (error instanceof ArmError) return { status: error.status, headers: error.headers, body: error.toBody() };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { code: 'InternalServerError', message } } };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const startedAt = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', deps.env.baseUrl());
  const headers = flattenHeaders(req.headers);
  const rawBody = await readBody(req);

  if (url.pathname.startsWith('/_emulator/')) {
    let body: unknown;
    try {
      body = parseJson(rawBody);
    } catch {
      writeResponse(res, 400, {}, { error: { code: 'BadRequest', message: 'invalid JSON' } });
      return;
    }
    const result = await handleControl(method, url, body, deps);
    writeResponse(res, result.status, result.headers ?? {}, result.body);
    return;
  }

  const match = matchRoute(method, url.pathname);
  const operationId = match.kind === 'found' ? match.route.operationId : undefined;
  const plan = deps.faults.plan({ method, path: url.pathname, operationId });
  const delay = deps.latencyMs + plan.latencyMs;
  if (delay > 0) await sleep(delay);

  let parsedRequestBody: unknown;
  try {
    parsedRequestBody = parseJson(rawBody);
  } catch {
    parsedRequestBody = rawBody;
  }
  const request = { method, url: url.toString(), headers, body: parsedRequestBody };

  if (plan.fault?.kind === 'drop') {
    deps.recorder.record({
      operationId,
      request,
      response: { statusCode: 0, headers: {}, body: undefined },
      startedAt,
      durationMs: Date.now() - startedAt,
      fault: 'drop',
    });
    req.socket.destroy();
    return;
  }

  let result = faultResult(plan);
  if (!result) {
    try {
      result = await dispatch(method, url, headers, rawBody, req, deps.env);
    } catch (error) {
      result = errorResult(error);
    }
  }
  const sent = writeResponse(
    res,
    result.status,
    { ...armIdentityHeaders(headers), ...(result.headers ?? {}) },
    result.body,
  );
  deps.recorder.record({
    operationId,
    request,
    response: { statusCode: result.status, headers: sent, body: result.body },
    startedAt,
    durationMs: Date.now() - startedAt,
    ...(plan.fault ? { fault: plan.fault.kind } : {}),
  });
}

export function createArmServer(tls: { certPem: string; keyPem: string }, deps: ServerDeps): Server {
  return createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      if (!res.headersSent) writeResponse(res, 500, {}, errorResult(error).body);
      else res.destroy();
    });
  });
}
