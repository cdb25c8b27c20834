import type { Database } from 'better-sqlite3';
import type { Marker, MarkerRepository, MarkerTimeline } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteMarkers implements MarkerRepository {
  readonly t: Table<Marker>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Marker>(db, 'markers', { userId: 'text', timeline: 'text', lastReadId: 'text', version: 'int', updatedAt: 'text' });
  }
  get(userId: string, timelines: MarkerTimeline[]) {
    if (timelines.length === 0) return Promise.resolve([]);
    return this.run(() => this.t.all(`user_id = ? AND timeline IN (${timelines.map(() => '?').join(', ')}) ORDER BY timeline`, userId, ...timelines));
  }
  save(userId: string, timeline: MarkerTimeline, lastReadId: string, at: string) {
    return this.run(() => {
      this.t.stmt(`INSERT INTO markers (user_id, timeline, last_read_id, version, updated_at) VALUES (?, ?, ?, 1, ?)
        ON CONFLICT (user_id, timeline) DO UPDATE SET last_read_id = excluded.last_read_id, version = markers.version + 1, updated_at = excluded.updated_at`)
        .run(userId, timeline, lastReadId, at);
      return this.t.get('user_id = ? AND timeline = ?', userId, timeline)!;
    });
  }
}
