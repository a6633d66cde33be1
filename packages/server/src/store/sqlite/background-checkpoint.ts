import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread with its own connection.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses the threshold: it copies pages into the
 * database file and waits for an fsync on the thread that committed — here the event loop, which stops
 * answering webhook deliveries meanwhile (about half of the webhook's store time per event). A PASSIVE
 * checkpoint from another connection does the same work without taking the write lock, so commits go on.
 *
 * What bounds the WAL: a writer restarts the log only when a checkpoint has copied every frame, and with commits
 * arriving during the background checkpoint that rarely holds under load. So the writer keeps its automatic
 * checkpoint at a larger threshold (`BACKSTOP_PAGES`) as the backstop: by the time it triggers, the worker has
 * copied nearly everything, the inline checkpoint is short, and the log restarts. If the worker dies, the
 * writer goes back to SQLite's default threshold.
 */
export const BACKSTOP_PAGES = 8000;
const DEFAULT_PAGES = 1000;

/** Worker source (CommonJS, eval'd): no file to ship next to the bundle or to resolve under tsx. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
} catch (error) {
  // SQLite's error class does not survive the trip to the main thread; a plain Error with its message does.
  throw new Error('cannot open ' + workerData.file + ' for checkpoints: ' + (error && error.message));
}
db.pragma('busy_timeout = 0');
let timer;
const tick = () => {
  let copied = 0;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    copied = result ? result.checkpointed : 0;
  } catch {
    // Busy or locked by another checkpointer: the next tick tries again; the writer's backstop bounds the WAL.
  }
  timer = setTimeout(tick, copied > 0 ? workerData.busyMs : workerData.idleMs);
};
timer = setTimeout(tick, workerData.busyMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpointOptions {
  /** Pause between checkpoints while the WAL keeps growing, ms. Default 25. */
  busyMs?: number;
  /** Pause after a checkpoint that found nothing to copy, ms. Default 500. */
  idleMs?: number;
  /** Told when the worker fails (the writer has then gone back to inline checkpoints). */
  onError?: (error: Error) => void;
}

export class BackgroundCheckpoint {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #stopped: Promise<void> | undefined;

  /** `setAutoCheckpoint` sets the writer connection's `wal_autocheckpoint` (the backstop, or the default back). */
  constructor(file: string, setAutoCheckpoint: (pages: number) => void, options: BackgroundCheckpointOptions = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file, busyMs: options.busyMs ?? 25, idleMs: options.idleMs ?? 500 },
    });
    // A background helper must never keep the process alive on its own.
    this.#worker.unref();
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    setAutoCheckpoint(BACKSTOP_PAGES);
    this.#worker.once('error', (error) => {
      setAutoCheckpoint(DEFAULT_PAGES);
      options.onError?.(error);
    });
  }

  /** Stops the worker and closes its connection (before the writer's, so the writer's close removes the WAL). */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#worker.postMessage('stop');
      // A worker stuck in a checkpoint is not worth hanging shutdown for.
      const timer = setTimeout(() => void this.#worker.terminate(), 5_000);
      this.#stopped = this.#exited.finally(() => clearTimeout(timer));
    }
    return this.#stopped;
  }
}
