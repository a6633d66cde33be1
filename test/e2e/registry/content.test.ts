import { open } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DigestMismatchError,
  MediaTypes,
  RegistryClient,
  RegistryNotFoundError,
  Secret,
} from '@scout-acr/sdk/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteImage, readLayoutBlob } from '../../harness/images/index.js';
import { blobDataPath } from '../../harness/registry/index.js';
import { startWorld, type World } from './world.js';

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const layer = (files: Record<string, string>, compression: 'gzip' | 'zstd' = 'gzip') => ({ files, compression });

describe('manifests, indexes, configs and blobs from the real registry', () => {
  let world: World;
  let client: RegistryClient;
  let notifications: Server;
  const events: Array<{ action: string; target?: { repository?: string; tag?: string }; request?: { host?: string } }> =
    [];

  beforeAll(async () => {
    notifications = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        events.push(...(JSON.parse(body) as { events: typeof events }).events);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => notifications.listen(0, '127.0.0.1', resolve));
    world = await startWorld({
      notificationUrl: `http://127.0.0.1:${(notifications.address() as AddressInfo).port}/events`,
    });
    const token = await world.createToken('content-reader', { scopeMap: '_repositories_pull_metadata_read' });
    client = new RegistryClient({
      loginServer: world.registry.loginServer,
      credentials: { username: token.username, password: new Secret(token.password) },
    });
  });
  afterAll(async () => {
    await client?.close();
    await world?.close();
    notifications?.closeAllConnections();
    await new Promise((resolve) => notifications?.close(resolve));
  });

  it('pushes a multi-platform OCI index with gzip and zstd layers and selects platforms from it', async () => {
    const layout = await world.push('multi:1.0', {
      index: [
        {
          layers: [layer({ 'etc/os-release': 'ID=debian\n' }), layer({ 'app/amd64': 'x' })],
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          layers: [layer({ 'etc/os-release': 'ID=debian\n' }, 'zstd')],
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
        {
          layers: [layer({ 'etc/os-release': 'ID=debian\n', v7: 'arm' })],
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
      ],
    });
    const index = await client.getManifest('multi', '1.0');
    expect(index.kind).toBe('index');
    expect(index.mediaType).toBe(MediaTypes.ociIndex);
    expect(index.digest).toBe(layout.top.digest);

    const arm64 = await client.getImage('multi', '1.0', { platform: { os: 'linux', architecture: 'arm64' } });
    expect(arm64.indexDigest).toBe(layout.top.digest);
    expect(arm64.digest).toBe(layout.images[1]?.manifest.digest);
    expect(arm64.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(arm64.manifest.layers[0]?.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+zstd');
    expect(arm64.config.rootfs?.diff_ids).toEqual(layout.images[1]?.diffIds);

    const amd64 = await client.getImage('multi', '1.0');
    expect(amd64.digest).toBe(layout.images[0]?.manifest.digest);
    expect(amd64.manifest.layers).toHaveLength(2);
    const armv7 = await client.getImage('multi', layout.top.digest, {
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    });
    expect(armv7.digest).toBe(layout.images[2]?.manifest.digest);

    const missing = await client
      .getImage('multi', '1.0', { platform: { os: 'windows', architecture: 'amd64' } })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RegistryNotFoundError);
    expect((missing as Error).message).toContain('linux/arm64/v8');

    const zstdLayer = arm64.manifest.layers[0]!;
    const bytes = await drain(await client.getBlob('multi', zstdLayer.digest, { size: zstdLayer.size }));
    expect(bytes.equals(await readLayoutBlob(layout.dir, zstdLayer.digest))).toBe(true);
  });

  it('reads Docker schema 2 manifests and configs', async () => {
    const layout = await world.push(
      'docker:1.0',
      {
        image: {
          layers: [layer({ 'etc/os-release': 'ID=ubuntu\n' })],
          labels: { 'org.opencontainers.image.source': 'https://example.test' },
        },
      },
      'v2s2',
    );
    const image = await client.getImage('docker', '1.0');
    expect(image.mediaType).toBe(MediaTypes.dockerManifest);
    expect(image.manifest.config.mediaType).toBe(MediaTypes.dockerConfig);
    expect(image.config.config?.Labels).toEqual({ 'org.opencontainers.image.source': 'https://example.test' });
    expect(image.config.rootfs?.diff_ids).toEqual(layout.images[0]?.diffIds);
    const head = await client.headManifest('docker', '1.0');
    expect(head.digest).toBe(image.digest);
  });

  it('fails a blob corrupted on disk with DigestMismatchError', async () => {
    const layout = await world.push('corrupt:1.0', { image: { layers: [layer({ 'data.bin': 'x'.repeat(5000) })] } });
    const target = layout.images[0]!.layers[0]!;
    const file = await open(blobDataPath(world.registry.storageDir, target.digest), 'r+');
    try {
      const byte = Buffer.alloc(1);
      await file.read(byte, 0, 1, 20);
      await file.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 20);
    } finally {
      await file.close();
    }
    const error = await client
      .getBlob('corrupt', target.digest)
      .then(drain)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(error).toMatchObject({ expected: target.digest });
  });

  it('reports missing manifests, blobs and repositories as NotFound of the right kind', async () => {
    await world.push('present:1.0', { image: { layers: [layer({ a: 'a' })] } });
    await expect(client.getManifest('present', 'nope')).rejects.toMatchObject({ kind: 'manifest' });
    await expect(client.getBlob('present', `sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({ kind: 'blob' });
    const repo = await (async () => {
      for await (const tag of client.tags('absent')) return tag;
    })().catch((e: unknown) => e);
    expect(repo).toMatchObject({ code: 'NotFound', kind: 'repository' });
  });

  it('finds the newest tag through /acr/v1 (push order), deleted tags leaving the list', async () => {
    await world.push('ordered:old-created-late', {
      image: { layers: [layer({ a: '1' })], created: '2025-06-01T00:00:00Z' },
    });
    await world.push('ordered:new-created-early', {
      image: { layers: [layer({ a: '2' })], created: '2020-01-01T00:00:00Z' },
    });
    const newest = await client.newestTag('ordered');
    expect(newest).toMatchObject({ name: 'new-created-early', source: 'acr' });
    const names: string[] = [];
    for await (const tag of client.acrTags('ordered', { pageSize: 1 })) names.push(tag.name);
    expect(names).toEqual(['new-created-early', 'old-created-late']);

    await deleteImage({ ref: 'ordered:new-created-early', registry: world.registry });
    expect((await client.newestTag('ordered'))?.name).toBe('old-created-late');
  });

  it('sends registry notifications that carry the login server as request host', async () => {
    await world.push('notified:1.0', { image: { layers: [layer({ n: '1' })] } });
    for (let i = 0; i < 100 && !events.some((e) => e.action === 'push' && e.target?.repository === 'notified'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const push = events.find(
      (e) => e.action === 'push' && e.target?.repository === 'notified' && e.target?.tag === '1.0',
    );
    expect(push?.request?.host).toBe(world.registry.loginServer);
  });
});

describe("registry without ACR's API, redirecting blobs to storage", () => {
  let world: World;
  let client: RegistryClient;
  beforeAll(async () => {
    world = await startWorld({ acrApi: false, redirectBlobs: true });
    const token = await world.createToken('plain-reader', { scopeMap: '_repositories_pull_metadata_read' });
    client = new RegistryClient({
      loginServer: world.registry.loginServer,
      credentials: { username: token.username, password: new Secret(token.password) },
    });
  });
  afterAll(async () => {
    await client?.close();
    await world?.close();
  });

  it('falls back to the newest config `created` time', async () => {
    await world.push('ordered:old-created-late', {
      image: { layers: [layer({ a: '1' })], created: '2025-06-01T00:00:00Z' },
    });
    await world.push('ordered:new-created-early', {
      image: { layers: [layer({ a: '2' })], created: '2020-01-01T00:00:00Z' },
    });
    const newest = await client.newestTag('ordered');
    expect(newest).toMatchObject({
      name: 'old-created-late',
      source: 'config-created',
      updatedAt: '2025-06-01T00:00:00Z',
    });
  });

  it('follows the blob redirect without sending the registry token to the storage origin', async () => {
    const layout = await world.push('redirected:1.0', { image: { layers: [layer({ r: 'redirect me' })] } });
    const target = layout.images[0]!.layers[0]!;
    const bytes = await drain(await client.getBlob('redirected', target.digest));
    expect(bytes.equals(await readLayoutBlob(layout.dir, target.digest))).toBe(true);
    const storage = world.registry.blobStorage!;
    const hits = storage.requests.filter((r) => r.path.endsWith(target.digest));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.hadAuthorization).toBe(false);
  });
});
