import type { Database } from 'better-sqlite3';
import type { ActivityRepository, StoredActivity } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';

export class SqliteActivities implements ActivityRepository {
  readonly t: Table<StoredActivity>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<StoredActivity>(db, 'activities', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', objectUri: 'text', local: 'bool', public: 'bool', createdAt: 'text', data: 'json',
    });
  }
  put(activity: StoredActivity) { return this.run(() => (this.t.insert(activity), activity)); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  find(f: { actorId: string; type: string; objectUri: string }) {
    return this.run(() => this.t.get('actor_id = ? AND type = ? AND object_uri = ? ORDER BY id DESC LIMIT 1', f.actorId, f.type, f.objectUri));
  }
  deleteByUri(uri: string) { return this.run(() => this.t.stmt('DELETE FROM activities WHERE uri = ?').run(uri).changes === 1); }
  deleteAllOf(actorId: string, limit?: number) { return this.run(() => this.t.stmt('DELETE FROM activities WHERE actor_id = ? LIMIT ?').run(actorId, deleteLimit(limit)).changes); }
  listByActor(actorId: string, o: { types: string[]; publicOnly: boolean; limit: number; beforeId?: string }) {
    return this.run(() => this.t.all(
      `actor_id = ? AND type IN (${o.types.map(() => '?').join(', ')}) AND (public = 1 OR ? = 0) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
      actorId, ...o.types, o.publicOnly ? 1 : 0, o.beforeId ?? null, o.beforeId ?? null, o.limit,
    ));
  }
  countByActor(actorId: string, o: { types: string[]; publicOnly: boolean }) {
    return this.run(() => this.t.count(`actor_id = ? AND type IN (${o.types.map(() => '?').join(', ')}) AND (public = 1 OR ? = 0)`, actorId, ...o.types, o.publicOnly ? 1 : 0));
  }
  countByObject(objectUri: string, type: string) { return this.run(() => this.t.count('object_uri = ? AND type = ?', objectUri, type)); }
}
