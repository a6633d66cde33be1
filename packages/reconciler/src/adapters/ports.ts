import { type Logger, Secret } from '@scout-acr/sdk';
import { ScoutClient } from '@scout-acr/sdk/client';
import type { Config } from '../config/index.js';
import type { ReconcilePorts } from '../reconcile.js';
import { SdkAzurePort } from './azure-port.js';
import { createCredential } from './credential.js';
import { SdkServerPort } from './server-port.js';

const CLOUD_ENDPOINTS: Record<Config['azure']['cloud'], string> = {
  AzurePublicCloud: 'https://management.azure.com',
  AzureChinaCloud: 'https://management.chinacloudapi.cn',
  AzureUSGovernment: 'https://management.usgovcloudapi.net',
};

/** Builds the real ports from a loaded config: the SDK's Azure client and ScoutClient. */
export function createPorts(config: Config, options: { logger?: Logger; concurrency?: number } = {}): ReconcilePorts {
  const apiKey =
    config.server.apiKey instanceof Secret ? config.server.apiKey : new Secret(String(config.server.apiKey));
  const client = new ScoutClient({ baseUrl: config.server.url, apiKey, logger: options.logger });
  const server = new SdkServerPort(client, { concurrency: options.concurrency });
  return {
    azure: new SdkAzurePort({
      credential: createCredential(config.azure.credential),
      endpoint: config.azure.endpoint ?? CLOUD_ENDPOINTS[config.azure.cloud],
      logger: options.logger,
      concurrency: options.concurrency,
    }),
    server,
    lease: server.lease('reconciler'),
  };
}
