import type { Readable } from 'node:stream';
import { readBody } from './transport.js';

/** An error from a registry body: distribution's `{errors:[{code,message,detail}]}` (ACR uses the same shape). */
export interface RegistryErrorEntry {
  code?: string;
  message?: string;
  detail?: unknown;
}

/** Reads and parses a registry error body; undefined when it is not the standard shape. */
export async function readErrorBody(body: Readable): Promise<RegistryErrorEntry[] | undefined> {
  const bytes = await readBody(body, 64 * 1024).catch(() => undefined);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { errors?: unknown };
    return Array.isArray(parsed.errors) ? (parsed.errors as RegistryErrorEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

/** "CODE: message" of the first error entry, for human-readable error messages. */
export async function describeErrorBody(body: Readable): Promise<string | undefined> {
  const first = (await readErrorBody(body))?.[0];
  if (!first) return undefined;
  return [first.code, first.message].filter(Boolean).join(': ') || undefined;
}
