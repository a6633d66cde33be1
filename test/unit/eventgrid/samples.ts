import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryEvent } from '../../harness/eventgrid/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const examples = resolve(
  repoRoot,
  '../shared/fixtures/azure/specification/eventgrid/data-plane/Microsoft.ContainerRegistry/stable/2018-01-01/examples',
);

/** A JSON tree tests reach into freely. */
// biome-ignore lint/suspicious/noExplicitAny: samples are compared and rearranged field by field
export type LooseJson = Record<string, any>;

/** An official ACR event sample (Event Grid schema). */
export function officialSample(name: 'image_pushed' | 'image_deleted'): LooseJson {
  return JSON.parse(readFileSync(resolve(examples, 'event-grid-schema', `${name}.json`), 'utf8'));
}

export const registry = {
  id: '/subscriptions/faa080af-c1d8-40ad-9cce-e1a450ca5b57/resourceGroups/jolov/providers/Microsoft.ContainerRegistry/registries/jolovcr',
  loginServer: 'jolovcr.azurecr.io',
  location: 'westus',
};

const digest = 'sha256:57a94fc99816c6aa225678b738ac40d85422e75dbb96115f1bb9b6ed77176166';

/** A distribution 2.8 manifest push notification event, shaped as distribution's bridge writes it. */
export function manifestPush(
  overrides: Partial<RegistryEvent['target']> = {},
  id = 'c25fdb80-ebbd-4dd0-a29c-a7349e6388f6',
): RegistryEvent {
  return {
    id,
    timestamp: '2021-09-08T06:37:45.468100912Z',
    action: 'push',
    target: {
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      size: 1153,
      digest,
      length: 1153,
      repository: 'samples/nginx',
      url: `https://jolovcr.azurecr.io/v2/samples/nginx/manifests/${digest}`,
      tag: 'latest',
      ...overrides,
    },
    request: {
      id: '9f8fa9d4-5b86-4066-b805-e406f321c7d6',
      addr: '10.0.0.1:53000',
      host: 'jolovcr.azurecr.io',
      method: 'PUT',
      useragent:
        'docker/20.10.7 go/go1.13.15 git-commit/b0f5bc3 kernel/5.10.16.3-microsoft-standard-WSL2 os/linux arch/amd64 UpstreamClient(Docker-Client/20.10.7 \\(windows\\))',
    },
    actor: {},
    source: { addr: 'registry:5000', instanceID: 'd9d1b4d4-0000-0000-0000-000000000000' },
  };
}

export function blobPush(blobDigest = `sha256:${'b'.repeat(64)}`): RegistryEvent {
  return {
    ...manifestPush({}, 'blob-push-1'),
    target: {
      mediaType: 'application/octet-stream',
      size: 2000,
      digest: blobDigest,
      length: 2000,
      repository: 'samples/nginx',
      url: `https://jolovcr.azurecr.io/v2/samples/nginx/blobs/${blobDigest}`,
    },
  };
}

/** Distribution's delete event: repository and digest only (manifest and blob deletes look alike). */
export function deleteEvent(deletedDigest = digest, id = '6fdef14c-2594-41e8-9156-c0376eb0a190'): RegistryEvent {
  return {
    id,
    timestamp: '2021-09-08T06:49:40.1850248Z',
    action: 'delete',
    target: { digest: deletedDigest, repository: 'samples/nginx' },
    request: {
      id: '62a60cbd-1bfc-4742-b013-ed7098922ca6',
      addr: '10.0.0.1:53001',
      host: 'jolovcr.azurecr.io',
      method: 'DELETE',
      useragent: 'python-requests/2.22.0',
    },
    actor: {},
  };
}
