import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';

export type Compression = 'gzip' | 'zstd' | 'none';

export const LAYER_MEDIA_TYPES: Record<Compression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

/** Compresses a layer tar. zstd uses Debian's `zstd` CLI (installed by scripts/setup.sh). */
export async function compress(tar: Buffer, compression: Compression): Promise<Buffer> {
  if (compression === 'none') return tar;
  if (compression === 'gzip') return gzipSync(tar, { level: 6 });
  return new Promise((resolve, reject) => {
    const child = spawn('zstd', ['-q', '-c', '-3', '--no-progress'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`zstd failed: ${err}`))));
    child.stdin.end(tar);
  });
}
