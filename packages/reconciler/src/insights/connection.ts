/** Where the insight commands find the server: flags, then environment, then the `server:` section of `-f`. */
import { Secret } from '@scout-acr/sdk';
import { ScoutClient } from '@scout-acr/sdk/client';
import { loadConfig } from '../config/index.js';
import { InsightUsageError } from './errors.js';

/** The connection options every insight command takes. */
export interface ConnectionOptions {
  server?: string | undefined;
  apiKey?: string | undefined;
  file?: string | undefined;
}

/** Resolves the server URL and API key (the key stays a Secret). */
export function resolveConnection(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): { baseUrl: string; apiKey: Secret } {
  let baseUrl = options.server ?? env.SCOUT_ACR_SERVER;
  let apiKey: Secret | undefined =
    options.apiKey !== undefined
      ? new Secret(options.apiKey)
      : env.SCOUT_ACR_API_KEY
        ? new Secret(env.SCOUT_ACR_API_KEY)
        : undefined;
  if ((!baseUrl || !apiKey) && options.file) {
    const { server } = loadConfig(options.file).config;
    baseUrl ??= server.url;
    apiKey ??= server.apiKey instanceof Secret ? server.apiKey : new Secret(String(server.apiKey));
  }
  if (!baseUrl) throw new InsightUsageError('no server: pass --server, set SCOUT_ACR_SERVER or use -f scout-acr.yaml');
  if (!apiKey)
    throw new InsightUsageError('no API key: pass --api-key, set SCOUT_ACR_API_KEY or use -f scout-acr.yaml');
  return { baseUrl, apiKey };
}

/** A client for the CLI: few, quick retries so an unreachable server fails within seconds. */
export function connect(options: ConnectionOptions): { client: ScoutClient; secrets: string[] } {
  const { baseUrl, apiKey } = resolveConnection(options);
  return {
    client: new ScoutClient({ baseUrl, apiKey, timeoutMs: 30_000, retry: { maxRetries: 2, baseDelayMs: 200 } }),
    secrets: [apiKey.reveal()],
  };
}
