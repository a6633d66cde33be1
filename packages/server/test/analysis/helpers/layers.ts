import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A file tree to put in a layer: path → content, or a link / directory / whiteout marker. */
export type TreeSpec = Record<
  string,
  string | Buffer | { symlink: string } | { hardlink: string } | { dir: true } | { copyFrom: string; mode?: number }
>;

/** A scratch directory removed by {@link Scratch.cleanup}. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'scout-analysis-'));
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }
}

/**
 * Builds a real layer tarball with GNU tar from a tree spec (entries in sorted order, numeric owners, fixed
 * mtime), so tests read what real tools write. `format` picks gnu (long names via `L`), posix (PAX) or ustar.
 */
export function buildLayerTar(scratch: Scratch, spec: TreeSpec, format: 'gnu' | 'posix' | 'ustar' = 'posix'): Buffer {
  const root = mkdtempSync(join(scratch.dir, 'tree-'));
  const names: string[] = [];
  for (const [path, value] of Object.entries(spec)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    names.push(path);
    if (typeof value === 'string' || Buffer.isBuffer(value)) writeFileSync(target, value);
    else if ('symlink' in value) symlinkSync(value.symlink, target);
    else if ('hardlink' in value) execFileSync('ln', [join(root, value.hardlink), target]);
    else if ('dir' in value) mkdirSync(target, { recursive: true });
    else {
      writeFileSync(target, readFileSync(value.copyFrom));
      if (value.mode !== undefined) execFileSync('chmod', [value.mode.toString(8), target]);
    }
  }
  const out = join(scratch.dir, `layer-${names.length}-${Date.now()}-${Math.random()}.tar`);
  execFileSync('tar', [
    '--create',
    `--format=${format}`,
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    '--mtime=@0',
    '--sort=name',
    '--file',
    out,
    '-C',
    root,
    ...names.sort(),
  ]);
  return readFileSync(out);
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data);
}

/** Compresses with the real zstd CLI. */
export function zstd(data: Buffer): Buffer {
  return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
}

/** Streams a buffer in small chunks, so parsers see entries split across chunk boundaries. */
export async function* chunked(data: Buffer, size = 777): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Streams a file from disk as a real Readable. */
export function fileStream(path: string) {
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}

export const GZIP_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const ZSTD_LAYER = 'application/vnd.oci.image.layer.v1.tar+zstd';
export const TAR_LAYER = 'application/vnd.oci.image.layer.v1.tar';
export const DOCKER_GZIP_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
