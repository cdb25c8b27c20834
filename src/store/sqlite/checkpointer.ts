import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

const require = createRequire(import.meta.url);

/**
 * The worker's code: its own connection to the same file, running PASSIVE checkpoints on request.
 * PASSIVE never waits for readers or the writer and never takes the write lock, so it cannot block
 * the main connection (TRUNCATE/RESTART would make the main thread's writers sleep in the busy
 * handler). https://www.sqlite.org/c3ref/wal_checkpoint_v2.html
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
parentPort.on('message', (m) => {
  if (m === 'stop') { db.close(); parentPort.close(); return; }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
  }
});
`;

export interface CheckpointerOptions {
  /** How often the WAL file's size is looked at. */
  everyMs?: number;
  /** The worker starts once the WAL is this large: short-lived stores (CLI, tests) never start one. */
  startAtBytes?: number;
}

/**
 * WAL checkpoints off the event loop. With SQLite's default, the commit that takes the WAL past
 * 1,000 pages copies them into the database file inline, on the event loop: under load that was a
 * large share of the inbox worker's time and the commit latency spikes. The main connection turns
 * automatic checkpoints off and this runs them in a worker thread on a connection of its own.
 * If the worker fails, automatic checkpoints come back on, so the WAL never grows without bound.
 */
export class BackgroundCheckpointer {
  private worker: Worker | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private failed = false;
  /** Checkpoints run (tests read it to see whether the worker started). */
  readonly stats = { runs: 0 };

  constructor(private readonly db: Database, private readonly path: string, private readonly options: CheckpointerOptions = {}) {}

  start(): void {
    this.db.pragma('wal_autocheckpoint = 0');
    // After a complete checkpoint resets the WAL, SQLite truncates the file to this size.
    this.db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    this.timer = setInterval(() => this.tick(), this.options.everyMs ?? 200);
    this.timer.unref();
  }

  private tick(): void {
    if (this.busy || this.failed) return;
    if (!this.worker) {
      let size = 0;
      try {
        size = statSync(`${this.path}-wal`).size;
      } catch {
        return; // no WAL yet
      }
      if (size < (this.options.startAtBytes ?? 4 * 1024 * 1024)) return;
      this.spawn();
    }
    this.busy = true;
    this.worker!.postMessage('checkpoint');
  }

  private spawn(): void {
    // The worker only runs a pragma: a small heap keeps it from adding tens of MB to the RSS.
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), path: this.path },
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    worker.unref();
    worker.on('message', (m: { ok: boolean }) => {
      this.busy = false;
      if (!m.ok) return this.fallBack();
      this.stats.runs++;
    });
    worker.on('error', () => this.fallBack());
    this.worker = worker;
  }

  /** Inline checkpoints again: better slower commits than a WAL that grows without bound. */
  private fallBack(): void {
    if (this.failed) return;
    this.failed = true;
    this.busy = false;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    void this.worker?.terminate();
    this.worker = undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
