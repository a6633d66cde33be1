import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageAnalyzer } from '../../src/index.js';
import { eventually, startTestServer, type TestServer } from '../helpers/test-server.js';

describe('ImageAnalyzer seam', () => {
  let t: TestServer;
  const analyzed: string[] = [];
  let failNext = false;
  const analyzer: ImageAnalyzer = {
    async analyze(image, { gateway }) {
      const stream = await gateway.blobStream(image.repository, image.layers[0]?.digest as string);
      stream.resume();
      if (failNext) {
        failNext = false;
        throw new Error('analysis crashed');
      }
      analyzed.push(`${image.repository}@${image.digest}`);
    },
  };

  beforeAll(async () => {
    t = await startTestServer({ analyzer });
  });
  afterAll(() => t?.close());

  it('is called for each recorded image; success marks it ANALYZED, failure FAILED and the job retries', async () => {
    const admin = t.client(t.keys.adminA);
    const digest = t.registry.push('app', 'v1');
    const integration = await admin.integrations.create({
      loginServer: 'reg.azurecr.io',
      tokenName: 'tok-en',
      password: t.registry.password,
    });
    failNext = true;
    await admin.repositories.activate(integration.id, { names: ['app'] });
    const image = await eventually(async () => {
      const found = (await admin.images.lookup(integration.id, 'app:v1').catch(() => undefined))?.images[0];
      return found?.status === 'ANALYZED' ? found : undefined;
    });
    expect(image.digest).toBe(digest);
    expect(analyzed).toEqual([`app@${digest}`]);
    let attempts = 0;
    for await (const job of admin.jobs.list(integration.id)) attempts = job.attempts;
    expect(attempts).toBe(2);
  });
});
