import type { Database, Statement } from 'better-sqlite3';
import type { StoredStreamEvent, StreamEventRepository } from '../port.js';
import type { Runner } from './gate.js';

const BATCH = 500;

export class SqliteStreamEvents implements StreamEventRepository {
  // Reads go through the gate of the store the subscription was made on (never a transaction's):
  // they wait while a transaction is open, so uncommitted rows of this connection are never read.
  // Prepared once: every stored post, notification and boost appends one event, and preparing
  // the statement each time was a few per cent of the inbox worker's time.
  private readonly insert: Statement;
  constructor(private readonly db: Database, private readonly run: Runner, private readonly outer: () => Runner = () => run) {
    this.insert = db.prepare('INSERT INTO stream_events (body, created_at) VALUES (?, ?)');
  }

  append(event: Record<string, unknown>, at: string) {
    return this.run(() => void this.insert.run(JSON.stringify(event), at));
  }

  subscribe(onEvent: (e: StoredStreamEvent) => void, options: { pollMs?: number } = {}) {
    const run = this.outer();
    const read = this.db.prepare('SELECT position, body, created_at FROM stream_events WHERE position > ? ORDER BY position LIMIT ?');
    const start = this.db.prepare('SELECT coalesce(max(position), 0) AS p FROM stream_events');
    let cursor: number | undefined;
    let closed = false;
    let busy: Promise<void> | undefined;
    let again = false;
    const poll = (): Promise<void> => {
      if (busy) { again = true; return busy; }
      busy = (async () => {
        do {
          again = false;
          try {
            if (cursor === undefined) cursor = (await run(() => start.get() as { p: number })).p;
            for (;;) {
              const rows = await run(() => read.all(cursor, BATCH) as Array<{ position: number; body: string; created_at: string }>);
              for (const r of rows) {
                cursor = r.position;
                if (!closed) onEvent({ position: String(r.position), event: JSON.parse(r.body) as Record<string, unknown>, createdAt: r.created_at });
              }
              if (rows.length < BATCH) break;
            }
          } catch {
            // The store is closing: the next poll (if any) tries again.
          }
        } while (again && !closed);
        busy = undefined;
      })();
      return busy;
    };
    void poll();
    const timer = setInterval(() => void poll(), options.pollMs ?? 250);
    timer.unref();
    return {
      poke: () => void poll(),
      close: async () => { closed = true; clearInterval(timer); await busy; },
    };
  }

  prune(before: string, limit: number) {
    return this.run(() => this.db.prepare('DELETE FROM stream_events WHERE position IN (SELECT position FROM stream_events WHERE created_at < ? ORDER BY position LIMIT ?)').run(before, limit).changes);
  }
}
