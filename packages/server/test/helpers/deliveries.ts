import { buildImageDeletedEvent, buildImagePushedEvent } from '@scout-acr/sdk/events';

export const REGISTRY_ID =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg';

export function pushed(repository: string, tag: string, digest: string, id?: string) {
  return buildImagePushedEvent({
    registryId: REGISTRY_ID,
    loginServer: 'reg.azurecr.io',
    repository,
    tag,
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    ...(id ? { id } : {}),
  });
}

export function deleted(repository: string, digest: string, id?: string) {
  return buildImageDeletedEvent({
    registryId: REGISTRY_ID,
    loginServer: 'reg.azurecr.io',
    repository,
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...(id ? { id } : {}),
  });
}

/** POSTs a body to a webhook URL the way Event Grid does. */
export async function deliver(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
