/**
 * A real OCI registry with ACR's auth for tests: Debian's distribution 2.8 behind an HTTPS front that serves
 * ACR's `/oauth2/token` flow, with the emulator's `authenticateToken` deciding what each registry token may
 * do. The login server is `127.0.0.1:<front port>`, registered in the emulator as an ACR registry.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArmState } from '../arm/types.js';
import { ensureTestCa, issueServerCert } from '../tls/index.js';
import { authenticate, type PushCredentials } from './auth/identities.js';
import { type BlobStorage, startBlobStorage } from './blob-storage.js';
import { startDistribution } from './distribution.js';
import { startFront } from './front.js';

export type { PushCredentials } from './auth/identities.js';
export type { BlobStorage, BlobStorageRequest } from './blob-storage.js';
export {
  blobDataPath,
  digestOfFile,
  linkImage,
  readTags,
  repositoryDir,
  storeBlob,
  v2Root,
} from './storage-layout.js';

export interface StartRegistryOptions {
  /** The ARM emulator (only its state is used: `ensureResourceGroup`, `createRegistry`, `authenticateToken`). */
  emulator: { state: Pick<ArmState, 'ensureResourceGroup' | 'createRegistry' | 'authenticateToken'> };
  resourceGroup: string;
  /** The registry's ARM name. */
  name: string;
  /** Distribution notifications endpoint (Event Grid delivery turns these into ImagePushed/ImageDeleted). */
  notificationUrl?: string;
  /** Storage directory to use (kept on close); default a temp dir removed on close. */
  dataDir?: string;
  /** Lifetime of issued access tokens. Default 3600 s. */
  tokenTtlSeconds?: number;
  /** `bearer` (default, ACR) or `basic` to act as a registry that wants Basic credentials on every request. */
  challenge?: 'bearer' | 'basic';
  /** Clock for password expiry and token lifetimes; tests move it forward instead of waiting. */
  now?: () => Date;
  /** Serve ACR's `/acr/v1/<repo>/_tags` (default true); false acts like a plain registry (404, no error code). */
  acrApi?: boolean;
  /** Redirect blob downloads to a second HTTPS origin (like ACR's blob storage). Default false. */
  redirectBlobs?: boolean;
  /** Harness push identity to use (default: a random one); the sandbox shares one across its registries. */
  pushCredentials?: PushCredentials;
  /** Directory of the test CA (default `.sandbox/ca`). */
  caDir?: string;
}

export interface TestRegistry {
  /** `127.0.0.1:PORT`. */
  loginServer: string;
  /** `https://127.0.0.1:PORT`. */
  url: string;
  name: string;
  /** The registry's ARM id in the emulator. */
  registryId: string;
  /** Harness-only identity with every permission, for `skopeo` pushes and deletes. */
  pushCredentials: PushCredentials;
  /** The distribution's filesystem storage root (for seeding and corruption in tests). */
  storageDir: string;
  /** PEM path of the CA that issued the front's certificate. */
  caCertPath: string;
  /** A directory holding only `ca.crt`, for `skopeo --dest-cert-dir`/`--src-cert-dir`. */
  certDir: string;
  /** The blob-storage stand-in when `redirectBlobs` is set. */
  blobStorage: BlobStorage | undefined;
  close(): Promise<void>;
}

const live = new Set<{ close: () => Promise<void>; killSync: () => void }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // On test-process exit, close() may never run: stop registries and remove temp dirs synchronously.
  process.once('exit', () => {
    for (const entry of live) entry.killSync();
  });
}

/** Starts a registry with ACR's auth in front of it and registers it in the emulator. */
export async function startRegistry(options: StartRegistryOptions): Promise<TestRegistry> {
  installExitHook();
  const now = options.now ?? (() => new Date());
  const workDir = await mkdtemp(join(tmpdir(), 'scout-acr-registry-'));
  const storageDir = options.dataDir ?? join(workDir, 'storage');
  const certDir = join(workDir, 'certs');
  const ca = await ensureTestCa(options.caDir);
  await mkdir(certDir, { recursive: true });
  await copyFile(ca.certPath, join(certDir, 'ca.crt'));
  const pushCredentials: PushCredentials = options.pushCredentials ?? {
    username: 'scout-acr-harness-pusher',
    password: randomBytes(24).toString('base64url'),
  };

  const cleanups: Array<() => Promise<void>> = [];
  let killDistribution = () => {};
  const entry = {
    close: async () => {
      live.delete(entry);
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
      await rm(workDir, { recursive: true, force: true });
    },
    killSync: () => {
      killDistribution();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
  live.add(entry);
  try {
    const distribution = await startDistribution({
      storageDir,
      workDir,
      notificationUrl: options.notificationUrl,
      caDir: certDir,
    });
    killDistribution = () => distribution.process.kill('SIGKILL');
    cleanups.push(distribution.stop);

    const tls = await issueServerCert(ca, ['127.0.0.1', 'localhost']);
    let blobStorage: BlobStorage | undefined;
    if (options.redirectBlobs) {
      blobStorage = await startBlobStorage(tls, distribution.port);
      cleanups.push(blobStorage.close);
    }
    let loginServer = '';
    const front = await startFront({
      tls,
      registryPort: distribution.port,
      storageDir,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      challenge: options.challenge ?? 'bearer',
      now,
      authenticate: (credentials) =>
        authenticate(options.emulator.state, loginServer, pushCredentials, credentials, now()),
      blobStorage: () => blobStorage,
      acrApi: options.acrApi ?? true,
    });
    loginServer = front.loginServer;
    cleanups.push(front.close);

    options.emulator.state.ensureResourceGroup(options.resourceGroup);
    const record = options.emulator.state.createRegistry({
      resourceGroup: options.resourceGroup,
      name: options.name,
      loginServer,
    });
    return {
      loginServer,
      url: `https://${loginServer}`,
      name: options.name,
      registryId: record.id,
      pushCredentials,
      storageDir,
      caCertPath: ca.certPath,
      certDir,
      blobStorage,
      close: entry.close,
    };
  } catch (error) {
    await entry.close();
    throw error;
  }
}
