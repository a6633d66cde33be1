/**
 * Pushes and deletes images with `skopeo` (a real registry client), authenticating as the harness pusher and
 * trusting the test CA through `--dest-cert-dir`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What skopeo needs to know about a registry: the test registry satisfies it. */
export interface PushTarget {
  loginServer: string;
  pushCredentials: { username: string; password: string };
  /** Directory holding the CA as `ca.crt`. */
  certDir: string;
}

async function skopeo(args: string[], secret: string): Promise<void> {
  try {
    await run('skopeo', args, {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, REGISTRY_AUTH_FILE: '/dev/null' },
    });
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    const text = `${e.message ?? ''}\n${e.stderr ?? ''}`.split(secret).join('(sensitive)');
    throw new Error(`skopeo ${args[0]} failed: ${text}`);
  }
}

/**
 * `skopeo copy oci:<layoutDir>:<tag> docker://<loginServer>/<ref>`; `--all` keeps every platform of an
 * index. `format` converts the manifest (`v2s2` = Docker schema 2); default keeps OCI.
 */
export async function pushImage(options: {
  layoutDir: string;
  /** `repo:tag` in the registry. */
  ref: string;
  registry: PushTarget;
  /** Tag inside the layout; default `latest`. */
  layoutTag?: string;
  format?: 'oci' | 'v2s2';
}): Promise<void> {
  const { registry } = options;
  const creds = `${registry.pushCredentials.username}:${registry.pushCredentials.password}`;
  await skopeo(
    [
      'copy',
      '--all',
      '--quiet',
      '--dest-creds',
      creds,
      '--dest-cert-dir',
      registry.certDir,
      // Converting the manifest format changes digests; otherwise keep the layout's digests exactly.
      ...(options.format ? ['--format', options.format] : ['--preserve-digests']),
      `oci:${options.layoutDir}:${options.layoutTag ?? 'latest'}`,
      `docker://${registry.loginServer}/${options.ref}`,
    ],
    registry.pushCredentials.password,
  );
}

/** `skopeo delete docker://<loginServer>/<ref>`: deletes the manifest the tag or digest points at. */
export async function deleteImage(options: { ref: string; registry: PushTarget }): Promise<void> {
  const { registry } = options;
  await skopeo(
    [
      'delete',
      '--creds',
      `${registry.pushCredentials.username}:${registry.pushCredentials.password}`,
      '--cert-dir',
      registry.certDir,
      `docker://${registry.loginServer}/${options.ref}`,
    ],
    registry.pushCredentials.password,
  );
}
