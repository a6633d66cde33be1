import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseRetryAfter, type RetryOptions, redactUrl, withRetries } from '@scout-acr/sdk';
import { VulnDownloadError } from './errors.js';
import { type ImportOptions, importOsv, type VulnDbProgress } from './import.js';
import type { VulnDbStatus } from './types.js';

/** Where OSV publishes its per-ecosystem exports (`<base>/<Ecosystem>/all.zip`). */
export const DEFAULT_OSV_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Options of {@link updateFromUrl}. */
export interface UpdateOptions extends Pick<ImportOptions, 'dataDir' | 'onProgress' | 'mode' | 'signal'> {
  /** Retry policy for each download (transient failures: 5xx, 429, dropped connections). */
  retry?: RetryOptions;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** `<base>/<Ecosystem>/all.zip`, the ecosystem path-encoded (`Red Hat` → `Red%20Hat`). */
export function ecosystemArchiveUrl(baseUrl: string, ecosystem: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

async function download(
  url: string,
  target: string,
  options: UpdateOptions,
  report: (p: VulnDbProgress) => void,
): Promise<void> {
  const fetchImpl = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw new VulnDownloadError(`cannot download ${redactUrl(url)}: ${String(error)}`, {
      transient: true,
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const transient = response.status === 429 || response.status >= 500;
    const retryAfterMs = parseRetryAfter(response.headers);
    throw new VulnDownloadError(`download of ${redactUrl(url)} failed with HTTP ${response.status}`, {
      status: response.status,
      transient,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const length = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
  let bytes = 0;
  report({ phase: 'download', source: redactUrl(url), bytes, ...(totalBytes ? { totalBytes } : {}) });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      report({ phase: 'download', source: redactUrl(url), bytes, ...(totalBytes ? { totalBytes } : {}) });
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as never), counter, createWriteStream(target));
  } catch (error) {
    throw new VulnDownloadError(`download of ${redactUrl(url)} was interrupted`, { transient: true, cause: error });
  }
  if (totalBytes !== undefined && bytes !== totalBytes) {
    throw new VulnDownloadError(`download of ${redactUrl(url)} ended after ${bytes} of ${totalBytes} bytes`, {
      transient: true,
    });
  }
}

/**
 * Downloads OSV's `all.zip` of each ecosystem from `baseUrl` (OSV's bucket layout; any mirror with the same
 * layout works) and imports them atomically as one database (see {@link importOsv}). Downloads go to
 * a fresh `<dataDir>/downloads-*` directory and are removed afterwards; nothing changes unless every download and the import
 * succeed.
 * @throws VulnDownloadError when a download fails after retries.
 */
export async function updateFromUrl(
  baseUrl: string,
  ecosystems: readonly string[],
  options: UpdateOptions,
): Promise<VulnDbStatus> {
  // A directory per run, so that two updates never delete each other's files.
  const dir = join(options.dataDir, `downloads-${process.pid}-${Date.now().toString(36)}`);
  await mkdir(dir, { recursive: true });
  const report = (p: VulnDbProgress) => options.onProgress?.(p);
  const files = new Map<string, string>();
  try {
    for (const ecosystem of ecosystems) {
      const url = ecosystemArchiveUrl(baseUrl, ecosystem);
      const target = join(dir, `${encodeURIComponent(ecosystem)}.zip`);
      await withRetries(() => download(url, target, options, report), {
        ...options.retry,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      files.set(target, url);
    }
    return await importOsv([...files.keys()], {
      dataDir: options.dataDir,
      label: (path) => files.get(path) ?? path,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
