import { RegistryClient, Secret } from '@scout-acr/sdk/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkImage } from '../../harness/registry/index.js';
import { startWorld, type World } from './world.js';

/**
 * 1,000 repositories are created by pushing one tiny image with skopeo and then writing distribution's
 * filesystem layout directly for the other 999 (link files to the same manifest, config and layer blobs):
 * the registry serves them exactly like pushed repositories, in milliseconds instead of 1,000 skopeo runs.
 */
describe('Link pagination over 1,000 repositories', () => {
  let world: World;
  let client: RegistryClient;
  let token: { username: string; password: string };
  const expected: string[] = [];

  beforeAll(async () => {
    world = await startWorld();
    const layout = await world.push('bulk/r0000:latest', {
      image: { layers: [{ files: { 'etc/hostname': 'bulk\n' } }] },
    });
    const image = layout.images[0]!;
    const seed = {
      manifestDigest: image.manifest.digest,
      blobDigests: [image.config.digest, ...image.layers.map((l) => l.digest)],
    };
    expected.push('bulk/r0000');
    for (let i = 1; i < 1000; i++) expected.push(`bulk/r${String(i).padStart(4, '0')}`);
    const writes = [
      ...expected.slice(1).map((name) => () => linkImage(world.registry.storageDir, name, 'latest', seed)),
      ...Array.from(
        { length: 250 },
        (_, i) => () => linkImage(world.registry.storageDir, 'bulk/r0000', `t${String(i).padStart(3, '0')}`, seed),
      ),
    ];
    for (let i = 0; i < writes.length; i += 50) await Promise.all(writes.slice(i, i + 50).map((write) => write()));
    token = await world.createToken('catalog-reader', { scopeMap: '_repositories_pull_metadata_read' });
    client = new RegistryClient({
      loginServer: world.registry.loginServer,
      credentials: { username: token.username, password: new Secret(token.password) },
    });
  });
  afterAll(async () => {
    await client?.close();
    await world?.close();
  });

  it('serves the catalog in pages with a Link header (so one request cannot see it all)', async () => {
    const basic = Buffer.from(`${token.username}:${token.password}`).toString('base64');
    const tokenUrl = `${world.registry.url}/oauth2/token?service=${world.registry.loginServer}&scope=registry:catalog:*`;
    const { access_token } = (await (
      await fetch(tokenUrl, { headers: { authorization: `Basic ${basic}` } })
    ).json()) as {
      access_token: string;
    };
    const page = await fetch(`${world.registry.url}/v2/_catalog?n=100`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await page.json()) as { repositories: string[] }).repositories).toHaveLength(100);
    expect(page.headers.get('link')).toMatch(/rel="next"/);
  });

  it('lists every repository across pages of 100', async () => {
    const names: string[] = [];
    for await (const name of client.catalog({ pageSize: 100 })) names.push(name);
    expect(names).toEqual(expected);
    expect(new Set(names).size).toBe(1000);
  });

  it("lists every tag across pages, through tags/list and ACR's _tags", async () => {
    const tags: string[] = [];
    for await (const tag of client.tags('bulk/r0000', { pageSize: 100 })) tags.push(tag);
    expect(tags).toHaveLength(251);
    const acr: string[] = [];
    for await (const tag of client.acrTags('bulk/r0000', { pageSize: 100 })) acr.push(tag.name);
    expect(acr.sort()).toEqual([...tags].sort());
  });

  it('resolves an image from a seeded repository', async () => {
    const image = await client.getImage('bulk/r0999', 'latest');
    expect(image.config.rootfs?.diff_ids).toHaveLength(1);
  });
});
