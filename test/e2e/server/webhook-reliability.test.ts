import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImagePushedEvent } from '@scout-acr/sdk/events';
import { createApiKey, SqliteStore } from '@scout-acr/server';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './server-process.js';

const TOTAL = 1000;
const DUPLICATES = 100;
const KILL_AFTER = 400;

/**
 * 1,000 events delivered with 10 % duplicates and a `kill -9` of the server half-way. Like Event Grid, the
 * sender redelivers every delivery that was not acknowledged (connection error, 5xx) until it is. Every
 * acknowledged event must then be stored exactly once, with exactly one job.
 */
describe('webhook reliability across kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'scout-acr-reliability-'));
  let server: ServerProcess | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every acknowledged event exactly once', async () => {
    const setup = new SqliteStore(join(dataDir, 'scout-acr.db'));
    const { key } = await createApiKey(setup, { org: 'reliability', role: 'admin' });
    await setup.close();

    // The worker is kept idle (the registry does not exist) so that job rows are only created by events.
    const env = { SCOUT_ACR_WORKER_CONCURRENCY: '1' };
    server = await startServerProcess(['--port', '0', '--data', dataDir], env);
    const port = server.port;
    const created = await fetch(`${server.url}/v1/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ loginServer: '127.0.0.1:9', tokenName: 'tok-en', password: 'pw-reliability' }),
    });
    const integration = (await created.json()) as { id: string; webhookUrl: string };
    const activate = new SqliteStore(join(dataDir, 'scout-acr.db'));
    await activate.setActivation(integration.id, ['app'], true, Date.now());
    await activate.close();

    const events = Array.from({ length: TOTAL }, (_, i) =>
      buildImagePushedEvent({
        registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r',
        loginServer: 'r.azurecr.io',
        repository: 'app',
        tag: `t${i}`,
        digest: `sha256:${i.toString(16).padStart(64, '0')}`,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 100,
        id: randomUUID(),
      }),
    );
    const queue = [...events, ...events.slice(0, DUPLICATES)].sort(() => Math.random() - 0.5);
    const acknowledged = new Set<string>();
    let acks = 0;
    let killed = false;
    let restarting: Promise<void> | undefined;

    const restart = async () => {
      await new Promise((r) => setTimeout(r, 200));
      server = await startServerProcess(['--port', String(port), '--data', dataDir], env);
    };

    const deliverOne = async (event: (typeof events)[number]): Promise<void> => {
      for (let attempt = 0; attempt < 200; attempt++) {
        if (restarting) await restarting;
        try {
          const res = await fetch(integration.webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
            body: JSON.stringify([event]),
          });
          await res.text();
          if (res.status === 200) {
            acknowledged.add(event.id);
            if (++acks === KILL_AFTER && !killed) {
              killed = true;
              server?.child.kill('SIGKILL');
              restarting = (async () => {
                await server?.exited;
                await restart();
                restarting = undefined;
              })();
            }
            return;
          }
          expect([503]).toContain(res.status); // anything else would not be retried by Event Grid
        } catch {
          // Connection refused or reset: not acknowledged, so Event Grid would deliver again.
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`event ${event.id} was never acknowledged`);
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < queue.length) await deliverOne(queue[next++] as (typeof events)[number]);
      }),
    );
    expect(killed).toBe(true);
    expect(acknowledged.size).toBe(TOTAL);

    server?.child.kill('SIGKILL');
    await server?.exited;
    const store = new SqliteStore(join(dataDir, 'scout-acr.db'));
    try {
      const rows = store.db.prepare('SELECT event_id, count(*) AS n FROM events GROUP BY event_id').all() as Array<{
        event_id: string;
        n: number;
      }>;
      expect(rows).toHaveLength(TOTAL);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.event_id))).toEqual(acknowledged);
      const jobs = store.db
        .prepare(`SELECT json_extract(payload, '$.eventId') AS e, count(*) AS n FROM jobs GROUP BY e`)
        .all() as Array<{ e: string; n: number }>;
      expect(jobs).toHaveLength(TOTAL);
      expect(jobs.every((j) => j.n === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
