import { createServer, type Server } from 'node:https';
import { ensureTestCa, issueServerCert } from '../tls/index.js';

/** An HTTPS webhook on loopback that passes Event Grid's validation handshake, for creating subscriptions. */
export interface HandshakeWebhook {
  /** `https://127.0.0.1:PORT/webhook`. */
  url: string;
  /** How many validation handshakes it answered. */
  handshakes(): number;
  close(): Promise<void>;
}

/**
 * Starts the webhook. It answers `aeg-event-type: SubscriptionValidation` with
 * `{"validationResponse": data.validationCode}` and everything else with 200, like any Event Grid endpoint.
 */
export async function startHandshakeWebhook(): Promise<HandshakeWebhook> {
  const ca = await ensureTestCa();
  const cert = await issueServerCert(ca, ['127.0.0.1', 'localhost']);
  let handshakes = 0;
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'OPTIONS') {
        // CloudEvents abuse protection: allow the origin that asks.
        res.writeHead(200, { 'WebHook-Allowed-Origin': String(req.headers['webhook-request-origin'] ?? '*') }).end();
        return;
      }
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        const events = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as Array<{
          data?: { validationCode?: string };
        }>;
        handshakes++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ validationResponse: events[0]?.data?.validationCode }));
        return;
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}/webhook`,
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
