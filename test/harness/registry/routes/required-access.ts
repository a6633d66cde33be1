import type { Access } from '../auth/access.js';

/**
 * The access a data-plane request needs, following ACR: content reads need `pull`, listing tags needs
 * `metadata_read`, writes need `push`, deletes need `delete`, the catalog needs `registry:catalog:*`.
 * `null` means any authenticated identity (`GET /v2/`); undefined means the path is not a registry route.
 */
export function requiredAccess(method: string, path: string): Access | null | undefined {
  const m = method.toUpperCase();
  if (path === '/v2/' || path === '/v2') return null;
  if (path === '/v2/_catalog') return { type: 'registry', name: 'catalog', actions: ['*'] };
  const acrTags = /^\/acr\/v1\/(.+)\/_tags$/.exec(path);
  if (acrTags) return repo(acrTags[1], 'metadata_read');
  const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
  if (tags) return repo(tags[1], 'metadata_read');
  const uploads = /^\/v2\/(.+)\/blobs\/uploads(\/.*)?$/.exec(path);
  if (uploads) return repo(uploads[1], 'pull', 'push');
  const content = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/[^/]+$/.exec(path);
  if (content) {
    if (m === 'DELETE') return repo(content[1], 'delete');
    if (m === 'PUT' || m === 'POST' || m === 'PATCH') return repo(content[1], 'pull', 'push');
    return repo(content[1], 'pull');
  }
  return undefined;
}

function repo(name: string | undefined, ...actions: string[]): Access {
  return { type: 'repository', name: decodeURIComponent(name ?? ''), actions };
}
