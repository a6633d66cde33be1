import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBlob } from '../../harness/registry/index.js';
import { startWorld, type World } from './world.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const BLOB_SIZE = 200 * 1024 * 1024;

/** 200 MiB of incompressible bytes, produced chunk by chunk (never held whole). */
async function* randomChunks(total: number): AsyncIterable<Buffer> {
  const chunk = 4 * 1024 * 1024;
  for (let done = 0; done < total; done += chunk) yield randomBytes(Math.min(chunk, total - done));
}

describe('streaming a 200 MB blob', () => {
  let world: World;
  let blob: { digest: string; size: number };
  let token: { username: string; password: string };

  beforeAll(async () => {
    world = await startWorld();
    await world.push('big:1.0', { image: { layers: [{ files: { 'readme.txt': 'big blob holder\n' } }] } });
    // Written straight into the registry's storage: pushing 200 MB through skopeo would only slow the test.
    blob = await storeBlob(world.registry.storageDir, 'big', randomChunks(BLOB_SIZE));
    token = await world.createToken('stream-reader', { scopeMap: '_repositories_pull_metadata_read' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('keeps RSS growth under 64 MB while verifying the digest (measured in a child process)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@scout-acr/source', '--import', 'tsx', join(here, 'stream-child.ts')],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          STREAM_LOGIN_SERVER: world.registry.loginServer,
          STREAM_USERNAME: token.username,
          STREAM_PASSWORD: token.password,
          STREAM_REPOSITORY: 'big',
          STREAM_TAG: '1.0',
          STREAM_DIGEST: blob.digest,
          STREAM_SIZE: String(blob.size),
        },
        maxBuffer: 1024 * 1024,
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      bytes: number;
      baselineRss: number;
      peakRss: number;
    };
    expect(report.bytes).toBe(BLOB_SIZE);
    expect(report.peakRss - report.baselineRss).toBeLessThan(64 * 1024 * 1024);
  });
});
