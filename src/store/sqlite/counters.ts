import type { Database, Statement } from 'better-sqlite3';
import type { CounterRepository } from '../port.js';
import type { Runner } from './gate.js';

export class SqliteCounters implements CounterRepository {
  private readonly upsert: Statement;
  private readonly read: Statement;
  constructor(private readonly db: Database, private readonly run: Runner) {
    // One statement: the increment and the read cannot interleave with another process's.
    this.upsert = db.prepare(`INSERT INTO rate_counters (key, window_start, count, expires_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (key, window_start) DO UPDATE SET count = count + excluded.count RETURNING count`);
    this.read = db.prepare('SELECT count FROM rate_counters WHERE key = ? AND window_start = ?');
  }
  add(key: string, windowStart: string, expiresAt: string, by: number) {
    return this.run(() => {
      if (by === 0) return (this.read.get(key, windowStart) as { count: number } | undefined)?.count ?? 0;
      return (this.upsert.get(key, windowStart, by, expiresAt) as { count: number }).count;
    });
  }
  reset(key: string) { return this.run(() => void this.db.prepare('DELETE FROM rate_counters WHERE key = ?').run(key)); }
  sweep(now: string, limit: number) {
    return this.run(() => this.db.prepare('DELETE FROM rate_counters WHERE (key, window_start) IN (SELECT key, window_start FROM rate_counters WHERE expires_at <= ? LIMIT ?)').run(now, limit).changes);
  }
}
