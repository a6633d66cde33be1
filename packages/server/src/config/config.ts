import { homedir } from 'node:os';
import { join } from 'node:path';

/** A flag, argument or environment value the server CLI cannot use (exit code 64). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Server settings from flags, then environment variables, then defaults. */
export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  secretKey: string | undefined;
  secretKeyFile: string | undefined;
  concurrency: number;
  synchronous: 'NORMAL' | 'FULL';
  /** How often the vulnerability database file is checked for a new import, in ms (0: only at start). */
  vulnDbPollMs: number;
  /** Per-image analysis limits (uncompressed bytes, tar entries). */
  maxImageBytes: number;
  maxFiles: number;
}

export const ENV = {
  port: 'SCOUT_ACR_PORT',
  host: 'SCOUT_ACR_HOST',
  data: 'SCOUT_ACR_DATA',
  publicUrl: 'SCOUT_ACR_PUBLIC_URL',
  secretKey: 'SCOUT_ACR_SECRET_KEY',
  secretKeyFile: 'SCOUT_ACR_SECRET_KEY_FILE',
  concurrency: 'SCOUT_ACR_WORKER_CONCURRENCY',
  synchronous: 'SCOUT_ACR_SQLITE_SYNCHRONOUS',
  vulnDbPoll: 'SCOUT_ACR_VULNDB_POLL_SECONDS',
  maxImageBytes: 'SCOUT_ACR_MAX_IMAGE_BYTES',
  maxFiles: 'SCOUT_ACR_MAX_FILES',
} as const;

export interface ServeFlags {
  port?: string;
  host?: string;
  data?: string;
  publicUrl?: string;
  concurrency?: string;
  vulndbPoll?: string;
  maxImageBytes?: string;
  maxFiles?: string;
}

/** The default data directory: `$XDG_DATA_HOME/scout-acr` or `~/.local/share/scout-acr`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'scout-acr');
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const synchronous = (env[ENV.synchronous] ?? 'NORMAL').toUpperCase();
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL')
    throw new UsageError(`${ENV.synchronous} must be NORMAL or FULL`);
  const publicUrl = flags.publicUrl ?? env[ENV.publicUrl];
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
    throw new UsageError('--public-url must be an http(s) URL');
  }
  return {
    port: integer(flags.port ?? env[ENV.port], '--port', 8080, 0, 65535),
    host: flags.host ?? env[ENV.host] ?? '0.0.0.0',
    dataDir: flags.data ?? env[ENV.data] ?? defaultDataDir(env),
    publicUrl,
    secretKey: env[ENV.secretKey] || undefined,
    secretKeyFile: env[ENV.secretKeyFile] || undefined,
    concurrency: integer(flags.concurrency ?? env[ENV.concurrency], '--concurrency', 4, 1, 64),
    synchronous,
    vulnDbPollMs: integer(flags.vulndbPoll ?? env[ENV.vulnDbPoll], '--vulndb-poll', 10, 0, 86_400) * 1000,
    maxImageBytes: integer(
      flags.maxImageBytes ?? env[ENV.maxImageBytes],
      '--max-image-bytes',
      10_000_000_000,
      1_000_000,
      Number.MAX_SAFE_INTEGER,
    ),
    maxFiles: integer(flags.maxFiles ?? env[ENV.maxFiles], '--max-files', 2_000_000, 1_000, 100_000_000),
  };
}
