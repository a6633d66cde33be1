/** Raw HTTPS calls to the emulator (no SDK), so tests see exact status codes, headers and bodies. */
import type { ArmEmulator } from '../../../harness/arm/index.js';

export const CR_API = '2025-11-01';
export const EG_API = '2025-02-15';

export interface RawResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests index into arbitrary ARM JSON.
  body: any;
}

export interface RawOptions {
  body?: unknown;
  /** Default 'Bearer test'; null sends no Authorization header. */
  auth?: string | null;
  /** Appended as ?api-version= unless the path already has a query or this is null. */
  apiVersion?: string | null;
}

export async function call(
  arm: ArmEmulator,
  method: string,
  pathOrUrl: string,
  options: RawOptions = {},
): Promise<RawResponse> {
  let url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${arm.url}${pathOrUrl}`;
  if (options.apiVersion !== null && options.apiVersion !== undefined) {
    url += `${url.includes('?') ? '&' : '?'}api-version=${options.apiVersion}`;
  }
  const headers: Record<string, string> = {};
  if (options.auth !== null) headers.authorization = options.auth ?? 'Bearer test';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Polls an operation URL until it leaves "in progress" (status document or 202 Location answers). */
export async function pollUntilDone(arm: ArmEmulator, url: string, max = 20): Promise<RawResponse[]> {
  const seen: RawResponse[] = [];
  for (let i = 0; i < max; i++) {
    const res = await call(arm, 'GET', url);
    seen.push(res);
    const running = res.status === 202 || (res.status === 200 && res.body?.status === 'InProgress');
    if (!running) return seen;
  }
  throw new Error(`operation ${url} still running after ${max} polls`);
}

export function paths(arm: ArmEmulator, rg: string, registry: string) {
  const sub = `/subscriptions/${arm.subscriptionId}`;
  const reg = `${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${registry}`;
  const topics = `${sub}/resourceGroups/${rg}/providers/Microsoft.EventGrid/systemTopics`;
  return {
    sub,
    reg,
    registryId: reg,
    scopeMap: (name: string) => `${reg}/scopeMaps/${name}`,
    token: (name: string) => `${reg}/tokens/${name}`,
    topics,
    topic: (name: string) => `${topics}/${name}`,
    eventSub: (topic: string, name: string) => `${topics}/${topic}/eventSubscriptions/${name}`,
  };
}
