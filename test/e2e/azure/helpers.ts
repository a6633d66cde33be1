/** Shared set-up for the Azure client's e2e tests: a client on the ARM emulator, a webhook, a log capture. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Logger } from '@scout-acr/sdk';
import { AzureAcrClient, type AzureClientOptions } from '@scout-acr/sdk/azure';
import { pino } from 'pino';
import type { ArmEmulator } from '../../harness/arm/index.js';

/** A credential that hands out a fixed bearer token (the emulator checks presence, not validity). */
export const staticCredential: NonNullable<AzureClientOptions['credential']> = {
  async getToken() {
    return { token: 'test-access-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/** A client on the emulator: its CA passed explicitly, fast polling and back-off. */
export function clientFor(arm: ArmEmulator, options: Partial<AzureClientOptions> = {}): AzureAcrClient {
  return new AzureAcrClient({
    subscriptionId: arm.subscriptionId,
    endpoint: arm.url,
    credential: staticCredential,
    tlsCa: arm.ca.certPem,
    pollIntervalMs: 5,
    retry: { maxRetries: 6, retryDelayInMs: 10, maxRetryDelayInMs: 100, maxRetryAfterMs: 5_000 },
    ...options,
  });
}

/** A pino logger (debug level) writing into memory, for secret-leak checks. */
export function captureLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), text: () => chunks.join('') };
}

export interface TestWebhook {
  /** Base URL, e.g. `http://127.0.0.1:PORT/hook`. */
  url: string;
  /** Webhook URL carrying a secret in its query string. */
  urlWithSecret(secret: string): string;
  /** Validation requests received. */
  validations: number;
  close(): Promise<void>;
}

/**
 * A loopback webhook for Event Grid's validation handshake. `mode: 'ok'` echoes the validation code;
 * `mode: 'wrong'` answers 200 with a wrong code (a server that does not implement the handshake properly).
 */
export async function startWebhook(mode: 'ok' | 'wrong' = 'ok'): Promise<TestWebhook> {
  const state = { validations: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        state.validations += 1;
        const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<{
          data: { validationCode: string };
        }>;
        const code = mode === 'ok' ? events[0]?.data.validationCode : 'not-the-code';
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ validationResponse: code }));
        return;
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/hook`;
  return {
    url,
    urlWithSecret: (secret) => `${url}?code=${secret}`,
    get validations() {
      return state.validations;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Swagger operation ids of the recorded exchanges, in order. */
export function operationIds(arm: ArmEmulator): Array<string | undefined> {
  return arm.requests.map((r) => r.operationId);
}
