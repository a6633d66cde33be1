import { request } from 'node:https';
import { FidelityHarnessError } from '../errors.js';

/** What the replay needs of a running ARM emulator. */
export interface EmulatorEndpoint {
  url: string;
  ca: { certPem: string };
}

/** A raw ARM response: the replay looks at status, headers and body exactly as sent. */
export interface ArmResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Sends one ARM request as a client would (JSON body, bearer token), without an SDK in between so the test
 * sees the emulator's first answer (200 vs 201/202, LRO headers) rather than the SDK's final result.
 */
export function armRequest(
  emulator: EmulatorEndpoint,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<ArmResponse> {
  const url = new URL(pathAndQuery, emulator.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: emulator.ca.certPem,
        headers: {
          authorization: 'Bearer fidelity-test-token',
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(payload.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ statusCode: res.statusCode ?? 0, headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Follows an LRO the way ARM clients do: poll `Azure-AsyncOperation` (preferred) or `Location` until it ends.
 * Returns the final poll response, or undefined when the first response was already final.
 */
export async function waitForLro(emulator: EmulatorEndpoint, first: ArmResponse): Promise<ArmResponse | undefined> {
  const asyncUrl = first.headers['azure-asyncoperation'];
  const locationUrl = first.headers.location;
  const pollUrl = asyncUrl ?? (first.statusCode === 202 ? locationUrl : undefined);
  if (pollUrl === undefined) return undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    const poll = await armRequest(emulator, 'GET', new URL(pollUrl).pathname + new URL(pollUrl).search);
    if (asyncUrl !== undefined) {
      const status = (poll.body as { status?: string } | undefined)?.status;
      if (poll.statusCode !== 200 || (status !== undefined && ['Succeeded', 'Failed', 'Canceled'].includes(status))) {
        return poll;
      }
    } else if (poll.statusCode !== 202) {
      return poll;
    }
  }
  throw new FidelityHarnessError(`LRO at ${pollUrl} did not finish after 50 polls`);
}
