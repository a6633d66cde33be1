/**
 * Distribution 2.8's filesystem storage layout, for the harness's direct reads and writes: ACR's `_tags`
 * timestamps, seeding many repositories cheaply, and corrupting a blob on disk for verification tests.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export function v2Root(storageDir: string): string {
  return join(storageDir, 'docker', 'registry', 'v2');
}

export function blobDataPath(storageDir: string, digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return join(v2Root(storageDir), 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
}

export function repositoryDir(storageDir: string, repository: string): string {
  return join(v2Root(storageDir), 'repositories', ...repository.split('/'));
}

export interface StoredTag {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
}

/** Tags of `repository` with times from the link files' mtimes; undefined when the repository does not exist. */
export async function readTags(storageDir: string, repository: string): Promise<StoredTag[] | undefined> {
  const tagsDir = join(repositoryDir(storageDir, repository), '_manifests', 'tags');
  let names: string[];
  try {
    names = await readdir(tagsDir);
  } catch {
    try {
      await stat(join(repositoryDir(storageDir, repository), '_manifests'));
      return [];
    } catch {
      return undefined;
    }
  }
  const tags: StoredTag[] = [];
  for (const name of names) {
    const current = join(tagsDir, name, 'current', 'link');
    try {
      const [digest, info] = await Promise.all([readFile(current, 'utf8'), stat(current)]);
      const created = await earliestIndexTime(join(tagsDir, name, 'index', 'sha256'), info.mtime);
      tags.push({
        name,
        digest: digest.trim(),
        createdTime: created.toISOString(),
        lastUpdateTime: info.mtime.toISOString(),
      });
    } catch {
      // A tag being deleted concurrently: skip it, as the registry would.
    }
  }
  return tags;
}

async function earliestIndexTime(indexDir: string, fallback: Date): Promise<Date> {
  let earliest = fallback;
  for (const entry of await readdir(indexDir).catch(() => [] as string[])) {
    const info = await stat(join(indexDir, entry, 'link')).catch(() => undefined);
    if (info && info.mtime < earliest) earliest = info.mtime;
  }
  return earliest;
}

/** sha256 digest of a file on disk, streamed. */
export async function digestOfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Makes `repository` point `tag` at an existing manifest whose config and layers are already stored
 * (as blobs of any repository): writes only link files, so seeding a thousand repositories takes
 * milliseconds. The registry serves such a repository exactly like a pushed one.
 */
export async function linkImage(
  storageDir: string,
  repository: string,
  tag: string,
  image: { manifestDigest: string; blobDigests: string[] },
): Promise<void> {
  const repo = repositoryDir(storageDir, repository);
  const link = async (dir: string, digest: string) => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'link'), digest);
  };
  const hex = (d: string) => d.replace(/^sha256:/, '');
  for (const blob of [...image.blobDigests, image.manifestDigest]) {
    await link(join(repo, '_layers', 'sha256', hex(blob)), blob);
  }
  await link(join(repo, '_manifests', 'revisions', 'sha256', hex(image.manifestDigest)), image.manifestDigest);
  await link(join(repo, '_manifests', 'tags', tag, 'index', 'sha256', hex(image.manifestDigest)), image.manifestDigest);
  await link(join(repo, '_manifests', 'tags', tag, 'current'), image.manifestDigest);
}

/**
 * Stores a blob straight into the registry's storage (streamed, hashed on the way) and links it into
 * `repository`, which must already exist; returns its digest and size. Used for blobs too big to push quickly.
 */
export async function storeBlob(
  storageDir: string,
  repository: string,
  source: AsyncIterable<Buffer>,
): Promise<{ digest: string; size: number }> {
  const scratch = join(v2Root(storageDir), `incoming-${process.pid}-${Date.now()}`);
  await mkdir(dirname(scratch), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const out = createWriteStream(scratch);
  for await (const chunk of source) {
    hash.update(chunk);
    size += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const digest = `sha256:${hash.digest('hex')}`;
  const target = blobDataPath(storageDir, digest);
  await mkdir(dirname(target), { recursive: true });
  await rename(scratch, target);
  const layerLink = join(repositoryDir(storageDir, repository), '_layers', 'sha256', digest.slice(7));
  await mkdir(layerLink, { recursive: true });
  await writeFile(join(layerLink, 'link'), digest);
  return { digest, size };
}
