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
