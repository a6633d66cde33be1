/**
 * A loopback HTTP proxy in front of the scout-acr server that answers a seeded fraction of requests with a 429
 * (with Retry-After) or a 503 instead of forwarding them, so the CLI's retries meet server-side faults.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** mulberry32, as in the ARM emulator: the same seed replays the same fault schedule. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultProxy {
  url: string;
  /** Requests answered with a fault so far. */
  faulted: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, options: { seed: number; rate: number }): Promise<FaultProxy> {
  const upstream = new URL(target);
  const next = prng(options.seed);
  const state = { faulted: 0 };
  const server: Server = createServer((req, res) => {
    if (next() < options.rate) {
      state.faulted += 1;
      req.resume();
      if (next() < 0.5) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"error":{"code":"TooManyRequests","message":"injected"}}');
      } else {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"Unavailable","message":"injected"}}');
      }
      return;
    }
    const forward = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get faulted() {
      return state.faulted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
