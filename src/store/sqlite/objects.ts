import type { Database } from 'better-sqlite3';
import type { ObjectPatch, ObjectRepository, StoredObject } from '../port.js';
import { postSearchText } from '../port/statuses.js';
import { Table, deleteLimit } from './table.js';
import { inChunks } from './batch.js';
import type { Runner } from './gate.js';

export class SqliteObjects implements ObjectRepository {
  readonly t: Table<StoredObject>;
  constructor(private readonly db: Database, private readonly run: Runner) {
    this.t = new Table<StoredObject>(db, 'objects', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
      visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
    });
  }
  put(object: StoredObject) {
    return this.run(() => this.db.transaction(() => {
      this.t.insert(object);
      this.reindex(object, true);
      return object;
    })());
  }
  update(id: string, patch: ObjectPatch) {
    return this.run(() => this.db.transaction(() => {
      this.t.update('id', id, patch);
      const object = this.t.get('id = ?', id);
      if (object && ('data' in patch || 'deletedAt' in patch || 'type' in patch)) this.reindex(object);
      return object;
    })());
  }

  /** The post search row (statuses_fts, migration 018b) follows the object: Notes not deleted only. */
  reindex(object: StoredObject, inserted = false): void {
    const row = this.t.stmt('SELECT rowid AS r FROM objects WHERE id = ?').get(object.id) as { r: number } | undefined;
    if (!row) return;
    // A row just inserted has no search entry yet; deleting from FTS5 costs a lookup per term.
    if (!inserted) this.t.stmt('DELETE FROM statuses_fts WHERE rowid = ?').run(row.r);
    if (object.type !== 'Note' || object.deletedAt) return;
    this.t.stmt('INSERT INTO statuses_fts (rowid, text) VALUES (?, ?)').run(row.r, postSearchText(object.data));
  }

  /** Posts stored before migration 018b, indexed once (in batches, each its own transaction). */
  backfillSearch(): void {
    if (!this.t.stmt(`SELECT 1 FROM search_backfill WHERE name = 'statuses'`).get()) return;
    let after = '';
    for (;;) {
      const batch = this.t.all(`id > ? AND type = 'Note' AND deleted_at IS NULL ORDER BY id LIMIT 1000`, after);
      if (batch.length === 0) break;
      this.db.transaction(() => { for (const o of batch) this.reindex(o); })();
      after = batch.at(-1)!.id;
    }
    this.t.stmt(`DELETE FROM search_backfill WHERE name = 'statuses'`).run();
  }
  deleteAllOf(actorId: string, limit?: number) {
    return this.run(() => this.t.stmt('DELETE FROM objects WHERE actor_id = ? LIMIT ?').run(actorId, deleteLimit(limit)).changes);
  }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByUris(uris: string[]) { return this.run(() => inChunks(uris, (json) => this.t.all('uri IN (SELECT value FROM json_each(?))', json))); }
  getByIds(ids: string[]) { return this.run(() => inChunks(ids, (json) => this.t.all('id IN (SELECT value FROM json_each(?))', json))); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  countLocal() { return this.run(() => this.t.count('local = 1 AND deleted_at IS NULL')); }
}
