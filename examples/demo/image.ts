/**
 * The images the demo pushes, built from real package metadata with old versions (see
 * test/harness/images/old-packages.ts): `app/base` is Ubuntu 22.04 with a gnutls below the fix of CVE-2024-0553;
 * `app/web` is that base plus an application layer with lodash 4.17.15 and requests 2.30.0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOciLayout, type LayerSpec, oldAppLayer, pushImage, ubuntuOldGnutlsLayer } from '@scout-acr/test/harness';
import { env } from './output.js';

const [pushUser, pushPassword] = env('SCOUT_ACR_SANDBOX_PUSH_CREDS').split(/:(.*)/s) as [string, string];
const certDir = env('SCOUT_ACR_SANDBOX_CERT_DIR');

function layersOf(repository: string, tag: string): LayerSpec[] {
  if (repository === 'app/base') return [ubuntuOldGnutlsLayer()];
  return [ubuntuOldGnutlsLayer(), oldAppLayer({ 'srv/app/VERSION': `${tag}\n` })];
}

/** Builds the image in a temporary OCI layout and pushes it with skopeo, as the sandbox's push identity. */
export async function push(repository: string, tag: string, registry: { loginServer: string }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scout-acr-demo-'));
  try {
    await buildOciLayout({
      dir,
      image: { layers: layersOf(repository, tag), labels: { 'org.opencontainers.image.version': tag } },
    });
    await pushImage({
      layoutDir: dir,
      ref: `${repository}:${tag}`,
      registry: {
        loginServer: registry.loginServer,
        pushCredentials: { username: pushUser, password: pushPassword },
        certDir,
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
