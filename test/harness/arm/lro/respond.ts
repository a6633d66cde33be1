/**
 * Rendering of long-running operations the way the two resource providers do: ACR puts operation URLs under
 * the resource (`…/operationStatuses/{id}`), Event Grid under a location (`…/locations/{loc}/operationsStatus/{id}`).
 * `Azure-AsyncOperation` URLs answer with a status document; `Location` URLs with 202 until done, then the result.
 */
import type { EmulatorEnv, HttpResult } from '../http/context.js';
import { API_VERSIONS } from '../http/context.js';
import type { OperationSnapshot } from './operations.js';

export type OperationUrls = { status: string; result: string };

export function containerRegistryOperationUrls(env: EmulatorEnv, resourceId: string, opId: string): OperationUrls {
  const base = `${env.baseUrl()}${resourceId}`;
  const q = `?api-version=${API_VERSIONS.cr}`;
  return { status: `${base}/operationStatuses/${opId}${q}`, result: `${base}/operationResults/${opId}${q}` };
}

export function eventGridOperationUrls(env: EmulatorEnv, location: string, opId: string): OperationUrls {
  const base = `${env.baseUrl()}/subscriptions/${env.model.subscriptionId}/providers/Microsoft.EventGrid/locations/${encodeURIComponent(location.toLowerCase())}`;
  const q = `?api-version=${API_VERSIONS.eg}`;
  return { status: `${base}/operationsStatus/${opId}${q}`, result: `${base}/operationResults/${opId}${q}` };
}

export function retryAfter(env: EmulatorEnv): Record<string, string> {
  return { 'retry-after': String(env.lro.retryAfterSeconds) };
}

/** The Azure-AsyncOperation status document. */
export function renderStatus(url: URL, snap: OperationSnapshot, env: EmulatorEnv): HttpResult {
  const body: Record<string, unknown> = {
    id: url.pathname,
    name: snap.id,
    status: snap.status,
    startTime: snap.startTime,
  };
  if (snap.endTime) body.endTime = snap.endTime;
  if (snap.error) body.error = snap.error;
  return { status: 200, headers: snap.status === 'InProgress' ? retryAfter(env) : {}, body };
}

/** The Location URL answer: 202 while running, then 200 with the result (or 204), or the error. */
export function renderResult(url: URL, snap: OperationSnapshot, env: EmulatorEnv): HttpResult {
  if (snap.status === 'InProgress') {
    return { status: 202, headers: { location: url.toString(), ...retryAfter(env) } };
  }
  if (snap.status === 'Failed') return { status: 400, body: { error: snap.error } };
  return snap.result === undefined ? { status: 204 } : { status: 200, body: snap.result };
}
