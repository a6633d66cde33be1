import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventInsert, SqliteStore } from '../../src/store/index.js';
import { BACKSTOP_PAGES, BackgroundCheckpoint } from '../../src/store/sqlite/background-checkpoint.js';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.js';
import { seedIntegration } from '../helpers/store-fixtures.js';

const INTEGRATION = 'int_1';

const event = (eventId: string, eventTime: string | null, body = '{}'): EventInsert => ({
  integrationId: INTEGRATION,
  eventId,
  type: 'Microsoft.ContainerRegistry.ImagePushed',
  subject: 'app:1',
  repository: 'app',
  tag: '1',
  digest: `sha256:${'0'.repeat(64)}`,
  eventTime,
  receivedAt: 1,
  body,
});

describe('event store: deduplication', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scout-acr-events-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a redelivered event once, with or without an event time', async () => {
    const store = new SqliteStore(':memory:');
    await seedIntegration(store, INTEGRATION);
    const timed = event('e1', '2026-11-29T10:00:00.0000000Z');
    const untimed = event('e2', null);
    const first = await store.recordEvents([timed, untimed, { ...timed }]);
    expect(first.map((r) => r.inserted)).toEqual([true, true, false]);
    const again = await store.recordEvents([{ ...untimed }, { ...timed }, event('e3', null)]);
    expect(again.map((r) => r.inserted)).toEqual([false, false, true]);
    expect(await store.countEvents(INTEGRATION)).toBe(3);
    await store.close();
  });

  it('migrates a version-5 database: existing events keep deduplicating, nothing is lost', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    // Build the schema as a version-5 server left it.
    for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) old.exec(migration.sql);
    old.pragma('user_version = 5');
    old.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('org_1', 'o', 0)").run();
    old
      .prepare(
        `INSERT INTO integrations (id, org_id, name, login_server, token_name, password_enc, webhook_secret_enc,
         webhook_secret_hash, status, created_at, updated_at) VALUES (?, 'org_1', 'n', 'r', 't', x'00', x'00', x'00',
         'CONNECTED', 0, 0)`,
      )
      .run(INTEGRATION);
    const insert = old.prepare(
      `INSERT INTO events (integration_id, event_id, type, event_time, received_at, disposition, body)
       VALUES (?, ?, 'Microsoft.ContainerRegistry.ImagePushed', ?, 1, 'not-activated', '{}')`,
    );
    insert.run(INTEGRATION, 'old-timed', '2026-01-01T00:00:00Z');
    insert.run(INTEGRATION, 'old-untimed', null);
    old.close();

    const upgraded = new Database(file);
    expect(migrate(upgraded)).toBe(MIGRATIONS.at(-1)?.version);
    upgraded.close();
    const store = new SqliteStore(file);
    const results = await store.recordEvents([
      event('old-timed', '2026-01-01T00:00:00Z'),
      event('old-untimed', null),
      event('new', '2026-11-29T00:00:00Z'),
    ]);
    expect(results.map((r) => r.inserted)).toEqual([false, false, true]);
    expect(await store.countEvents(INTEGRATION)).toBe(3);
    await store.close();
  });
});

describe('event store: background checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scout-acr-ckpt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies committed pages into the database file from the worker, without the writer checkpointing', async () => {
    const file = join(dir, 'scout-acr.db');
    const store = new SqliteStore(file, { checkpoint: 'background' });
    await seedIntegration(store, INTEGRATION);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    const before = statSync(file).size;
    // ~6 MB: well past SQLite's default 1,000 pages, well under the writer's backstop, so only the worker copies.
    const body = JSON.stringify({ pad: 'x'.repeat(2000) });
    for (let batch = 0; batch < 150; batch++) {
      await store.recordEvents(
        Array.from({ length: 20 }, (_, i) => event(randomUUID(), new Date(batch * 100 + i).toISOString(), body)),
      );
    }
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < before + 5 * 1024 * 1024 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file).size).toBeGreaterThan(before + 5 * 1024 * 1024);
    await store.close();
  });

  it('keeps the WAL bounded under sustained writes and removes it on close', async () => {
    const file = join(dir, 'scout-acr.db');
    const store = new SqliteStore(file, { checkpoint: 'background' });
    await seedIntegration(store, INTEGRATION);
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    const body = JSON.stringify({ pad: 'x'.repeat(2000) });
    let maxWal = 0;
    // ~90 MB of events, nearly three times the backstop, with pauses so the worker gets its turns.
    for (let batch = 0; batch < 2250; batch++) {
      await store.recordEvents(
        Array.from({ length: 20 }, (_, i) => event(randomUUID(), new Date(batch * 100 + i).toISOString(), body)),
      );
      if (batch % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
      maxWal = Math.max(maxWal, statSync(`${file}-wal`).size);
    }
    expect(await store.countEvents(INTEGRATION)).toBe(45_000);
    // About one backstop's worth of pages: a writer's checkpoint that meets the worker's is skipped and retried
    // at the next commit, so the WAL may overshoot a little — but it restarts instead of holding everything.
    expect(maxWal).toBeLessThan(BACKSTOP_PAGES * 1.25 * (pageSize + 24));
    await store.close();
    // The writer's connection is the last one closed: SQLite removes the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteStore(file);
    expect(await reopened.countEvents(INTEGRATION)).toBe(45_000);
    await reopened.close();
  });

  it('a worker that fails hands checkpoints back to the writer and says so', async () => {
    const pages: number[] = [];
    const failed = new Promise<Error>((resolve) => {
      const checkpoint = new BackgroundCheckpoint(join(dir, 'missing.db'), (n) => pages.push(n), {
        onError: resolve,
      });
      void checkpoint;
    });
    expect((await failed).message).toMatch(/^cannot open .*missing\.db for checkpoints: /);
    expect(pages).toEqual([BACKSTOP_PAGES, 1000]);
  });

  it('an in-memory database keeps SQLite’s inline checkpoints', async () => {
    const store = new SqliteStore(':memory:', { checkpoint: 'background' });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await store.close();
  });
});
