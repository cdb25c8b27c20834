import type { Database } from 'better-sqlite3';
import type { ObjectPatch, ObjectRepository, StoredObject } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteObjects implements ObjectRepository {
  readonly t: Table<StoredObject>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<StoredObject>(db, 'objects', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
      visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
    });
  }
  put(object: StoredObject) { return this.run(() => (this.t.insert(object), object)); }
  update(id: string, patch: ObjectPatch) {
    return this.run(() => (this.t.update('id', id, patch), this.t.get('id = ?', id)));
  }
  deleteAllOf(actorId: string) {
    return this.run(() => this.t.stmt('DELETE FROM objects WHERE actor_id = ?').run(actorId).changes);
  }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  countLocal() { return this.run(() => this.t.count('local = 1 AND deleted_at IS NULL')); }
}
