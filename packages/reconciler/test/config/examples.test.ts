import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const files = readdirSync(join(root, 'examples/configs')).filter((f) => f.endsWith('.yaml'));
const env: Record<string, string> = {
  SCOUT_ACR_API_KEY: 'sak_example',
  SCOUT_ACR_SERVER: 'http://127.0.0.1:8080',
  SCOUT_ACR_ARM_ENDPOINT: 'https://127.0.0.1:8443',
  AZURE_SUBSCRIPTION_ID: '11111111-2222-3333-4444-555555555555',
};

describe('example configs validate', () => {
  it.each(files)('examples/configs/%s', (file) => {
    const { config } = loadConfig(join(root, 'examples/configs', file), {
      resolver: { env: (name) => env[name], file: () => undefined },
    });
    expect(config.registries.length).toBeGreaterThan(0);
  });
});
