/** Raw ARM calls as a user's tooling makes them: HTTPS + Bearer, LROs polled via Azure-AsyncOperation / Location. */

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

const headers = { authorization: 'Bearer harness', 'content-type': 'application/json' };

/** One ARM call; resolves with the final resource or action result. */
export async function armCall(method: string, url: string, body?: unknown): Promise<unknown> {
  let response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  let payload = await readJson(response);
  if (response.status >= 400) throw new Error(`${method} → ${response.status} ${JSON.stringify(payload)}`);
  const asyncOperation = response.headers.get('azure-asyncoperation');
  const location = response.headers.get('location');
  if (asyncOperation) {
    for (let poll = 0; ; poll++) {
      const status = (await readJson(await fetch(asyncOperation, { headers }))) as { status?: string };
      if (status.status === 'Succeeded') break;
      if (status.status === 'Failed' || status.status === 'Canceled' || poll > 200) {
        throw new Error(`${method}: operation ended ${JSON.stringify(status)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (method === 'DELETE') return undefined;
    if (method === 'PUT' || method === 'PATCH') payload = await readJson(await fetch(url, { headers }));
  } else if (location && response.status === 202) {
    for (let poll = 0; poll < 200; poll++) {
      response = await fetch(location, { headers });
      if (response.status !== 202) break;
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    payload = await readJson(response);
    if (response.status >= 400) throw new Error(`${method} → ${response.status} ${JSON.stringify(payload)}`);
  }
  return payload;
}

const CONTAINER_REGISTRY_API = 'api-version=2025-11-01';

/**
 * A read-only ACR token as Docker's template made it (the built-in `_repositories_pull_metadata_read` scope map),
 * enabled, with `password1` generated (valid one day); resolves with that password. `registryId` is the
 * registry's ARM id; `armUrl` the emulator's base URL.
 */
export async function createReadOnlyToken(armUrl: string, registryId: string, name: string): Promise<string> {
  const registry = `${armUrl}${registryId}`;
  await armCall('PUT', `${registry}/tokens/${name}?${CONTAINER_REGISTRY_API}`, {
    properties: { scopeMapId: `${registryId}/scopeMaps/_repositories_pull_metadata_read`, status: 'enabled' },
  });
  const credentials = (await armCall('POST', `${registry}/generateCredentials?${CONTAINER_REGISTRY_API}`, {
    tokenId: `${registryId}/tokens/${name}`,
    name: 'password1',
    expiry: new Date(Date.now() + 86_400_000).toISOString(),
  })) as { passwords: Array<{ name: string; value: string }> };
  const password = credentials.passwords.find((p) => p.name === 'password1')?.value;
  if (!password) throw new Error(`generateCredentials for token ${name} returned no password1`);
  return password;
}
