import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import { ScoutAcrError } from '@scout-acr/sdk';

export type CredentialKind =
  | 'default'
  | 'workload-identity'
  | 'managed-identity'
  | 'azure-cli'
  | 'environment'
  | 'static-token';

/**
 * A fixed bearer token, for ARM emulators and the local sandbox (which accept any token). Selected with
 * `SCOUT_ACR_AZURE_CREDENTIAL=static-token` and the token in `SCOUT_ACR_AZURE_TOKEN`; never a default.
 */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}
  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** Builds the credential for a kind; the environment (`SCOUT_ACR_AZURE_CREDENTIAL`) overrides the config. */
export function createCredential(kind: CredentialKind, env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const chosen = (env.SCOUT_ACR_AZURE_CREDENTIAL as CredentialKind | undefined) ?? kind;
  switch (chosen) {
    case 'default':
      return new DefaultAzureCredential();
    case 'workload-identity':
      return new WorkloadIdentityCredential();
    case 'managed-identity':
      return env.AZURE_CLIENT_ID
        ? new ManagedIdentityCredential({ clientId: env.AZURE_CLIENT_ID })
        : new ManagedIdentityCredential();
    case 'azure-cli':
      return new AzureCliCredential();
    case 'environment':
      return new EnvironmentCredential();
    case 'static-token': {
      const token = env.SCOUT_ACR_AZURE_TOKEN;
      if (!token) {
        throw new ScoutAcrError('SCOUT_ACR_AZURE_CREDENTIAL=static-token needs the token in SCOUT_ACR_AZURE_TOKEN', {
          code: 'InvalidCredentialConfig',
        });
      }
      return new StaticTokenCredential(token);
    }
    default:
      throw new ScoutAcrError(`unknown Azure credential kind "${String(chosen)}" (SCOUT_ACR_AZURE_CREDENTIAL)`, {
        code: 'InvalidCredentialConfig',
      });
  }
}
