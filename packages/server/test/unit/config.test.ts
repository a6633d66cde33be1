import { describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/config/config.js';

describe('serve configuration', () => {
  it('flags beat environment variables, which beat defaults', () => {
    const env = {
      SCOUT_ACR_PORT: '9000',
      SCOUT_ACR_DATA: '/env/data',
      SCOUT_ACR_PUBLIC_URL: 'https://scout.example',
      HOME: '/home/u',
    };
    expect(resolveServeConfig({}, env)).toMatchObject({
      port: 9000,
      dataDir: '/env/data',
      publicUrl: 'https://scout.example',
      host: '0.0.0.0',
    });
    expect(resolveServeConfig({ port: '7000', data: '/flag' }, env)).toMatchObject({ port: 7000, dataDir: '/flag' });
    expect(resolveServeConfig({}, { HOME: '/home/u' })).toMatchObject({
      port: 8080,
      dataDir: '/home/u/.local/share/scout-acr',
    });
  });

  it('rejects invalid values with a clear message', () => {
    expect(() => resolveServeConfig({ port: '70000' }, {})).toThrow(/--port/);
    expect(() => resolveServeConfig({ publicUrl: 'ftp://x' }, {})).toThrow(/public-url/);
    expect(() => resolveServeConfig({}, { SCOUT_ACR_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/NORMAL or FULL/);
    expect(() => resolveServeConfig({ vulndbPoll: '-1' }, {})).toThrow(/--vulndb-poll/);
    expect(() => resolveServeConfig({ maxImageBytes: '12.5' }, {})).toThrow(/--max-image-bytes/);
    expect(() => resolveServeConfig({}, { SCOUT_ACR_MAX_FILES: '10' })).toThrow(/--max-files/);
  });

  it('sets the database poll and the analysis limits from flags or environment', () => {
    expect(resolveServeConfig({}, {})).toMatchObject({
      vulnDbPollMs: 10_000,
      maxImageBytes: 10_000_000_000,
      maxFiles: 2_000_000,
    });
    expect(
      resolveServeConfig({ vulndbPoll: '0', maxFiles: '5000' }, { SCOUT_ACR_MAX_IMAGE_BYTES: '2000000000' }),
    ).toMatchObject({ vulnDbPollMs: 0, maxImageBytes: 2_000_000_000, maxFiles: 5000 });
  });
});
