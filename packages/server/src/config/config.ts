import { homedir } from 'node:os';
import { join } from 'node:path';

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
} as const;

/** The default data directory: `$XDG_DATA_HOME/scout-acr` or `~/.local/share/scout-acr`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'scout-acr');
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function resolveServeConfig(
  flags: { port?: string; host?: string; data?: string; publicUrl?: string; concurrency?: string },
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig {
  const synchronous = (env[ENV.synchronous] ?? 'NORMAL').toUpperCase();
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') throw new Error(`${ENV.synchronous} must be NORMAL or FULL`);
  const publicUrl = flags.publicUrl ?? env[ENV.publicUrl];
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
    throw new Error('--public-url must be an http(s) URL');
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
  };
}
