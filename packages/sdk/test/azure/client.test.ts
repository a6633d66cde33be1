import { describe, expect, it } from 'vitest';
import { AZURE_PUBLIC_CLOUD_ENDPOINT, AzureAcrClient, AzureError } from '../../src/azure/index.js';

const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };

describe('AzureAcrClient construction', () => {
  it('defaults to the public cloud and normalises a custom endpoint', () => {
    expect(new AzureAcrClient({ subscriptionId: 's', credential }).endpoint).toBe(AZURE_PUBLIC_CLOUD_ENDPOINT);
    const sovereign = new AzureAcrClient({
      subscriptionId: 's',
      credential,
      endpoint: 'https://management.usgovcloudapi.net/',
    });
    expect(sovereign.endpoint).toBe('https://management.usgovcloudapi.net');
    expect(sovereign.subscriptionId).toBe('s');
  });

  it('requires a subscription id', () => {
    expect(() => new AzureAcrClient({ subscriptionId: '' })).toThrow(TypeError);
  });

  it('refuses to delete ids it does not manage or from another subscription, without calling Azure', async () => {
    const azure = new AzureAcrClient({ subscriptionId: 'sub', credential, endpoint: 'https://127.0.0.1:9' });
    await expect(
      azure.deleteById('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r'),
    ).rejects.toMatchObject({ code: 'UnsupportedResourceId' });
    const other = azure.deleteById(
      '/subscriptions/other/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/tokens/t',
    );
    await expect(other).rejects.toBeInstanceOf(AzureError);
    await expect(other).rejects.toMatchObject({ code: 'SubscriptionMismatch' });
  });
});
