/** A tiny loopback webhook for handshake tests: answers Event Grid validation the way it is told to. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WebhookMode = 'echo' | 'wrong-code' | 'status-500' | 'silent-200' | 'manual' | 'cloudevents' | 'no-origin';

export interface ReceivedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface TestWebhook {
  url: string;
  calls: ReceivedCall[];
  mode: WebhookMode;
  close(): Promise<void>;
}

export async function startWebhook(mode: WebhookMode = 'echo'): Promise<TestWebhook> {
  const calls: ReceivedCall[] = [];
  const hook: TestWebhook = { url: '', calls, mode, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.method === 'OPTIONS') {
        if (hook.mode === 'cloudevents') res.writeHead(200, { 'webhook-allowed-origin': 'eventgrid.azure.net' });
        else res.writeHead(hook.mode === 'no-origin' ? 200 : 405);
        res.end();
        return;
      }
      const event = (body as Array<{ data?: { validationCode?: string; validationUrl?: string } }> | undefined)?.[0];
      const code = event?.data?.validationCode;
      switch (hook.mode) {
        case 'status-500':
          res.writeHead(500).end();
          return;
        case 'wrong-code':
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ validationResponse: 'nope' }));
          return;
        case 'silent-200':
          res.writeHead(200).end();
          return;
        case 'manual':
          res.writeHead(200).end();
          // Validate out of band, as a human clicking the link would.
          if (event?.data?.validationUrl) void fetch(event.data.validationUrl).catch(() => undefined);
          return;
        default:
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ validationResponse: code }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hook.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return hook;
}
