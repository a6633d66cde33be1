import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Closed-loop load: `concurrency` keep-alive connections each send the next body as soon as the previous
 * answer arrived (as Event Grid's parallel deliveries do). Latency is measured per request.
 */
export async function runLoad(url: string, bodies: string[], concurrency: number): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  let failed = 0;
  const send = (body: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'aeg-event-type': 'Notification',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const status = await send(body);
        latencies.push(performance.now() - t0);
        if (status === 200) ok++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: bodies.length, ok, failed, seconds, perSecond: ok / seconds, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}
