import type { Config } from '../config/index.js';
import { toSelection } from '../repositories/index.js';
import type { DesiredState } from './types.js';

/** The registry's address in plans and inventories: stable across renames of anything else in the file. */
export function registryAddress(subscriptionId: string, resourceGroup: string, nameOrLoginServer: string): string {
  return `${subscriptionId}/${resourceGroup}/${nameOrLoginServer}`.toLowerCase();
}

/** Applies the config's defaults and overrides: what each registry should look like. */
export function desiredStateFromConfig(config: Config): DesiredState {
  return {
    webhookBaseUrl: config.server.webhookBaseUrl,
    registries: config.registries.map((r) => {
      const subscriptionId = (r.subscriptionId ?? config.azure.subscriptionId) as string;
      return {
        address: registryAddress(subscriptionId, r.resourceGroup, r.name ?? (r.loginServer as string)),
        subscriptionId,
        resourceGroup: r.resourceGroup,
        name: r.name,
        loginServer: r.loginServer,
        suspend: r.suspend ?? false,
        deletionPolicy: r.deletionPolicy ?? config.azure.deletionPolicy,
        names: config.azure.names,
        tokenScope: r.tokenScope ?? config.azure.tokenScope,
        password: config.azure.password,
        repositories: toSelection(r.repositories),
      };
    }),
  };
}
