import type { Database } from 'better-sqlite3';
import type { MediaAttachment, MediaPatch, MediaRepository } from '../port.js';
import { Table, deleteLimit } from './table.js';
import { inChunks } from './batch.js';
import { compareIds } from './paging.js';
import type { Runner } from './gate.js';

export class SqliteMedia implements MediaRepository {
  readonly t: Table<MediaAttachment>;
  constructor(db: Database, private readonly run: Runner) {
    // 'int' passes numbers through unchanged, so the REAL focus columns use it too.
    this.t = new Table<MediaAttachment>(db, 'media', {
      id: 'text', ownerActorId: 'text', fileName: 'text', contentType: 'text', kind: 'text', size: 'int', width: 'int', height: 'int',
      description: 'text', focusX: 'int', focusY: 'int', objectId: 'text', createdAt: 'text',
    });
  }
  put(media: MediaAttachment) {
    return this.run(() => {
      this.t.insert(media);
      return this.t.get('id = ?', media.id)!;
    });
  }
  getById(id: string) {
    return this.run(() => this.t.get('id = ?', id));
  }
  update(id: string, patch: MediaPatch) {
    return this.run(() => {
      this.t.update('id', id, patch);
      return this.t.get('id = ?', id);
    });
  }
  attach(ids: string[], ownerActorId: string, objectId: string) {
    if (ids.length === 0) return Promise.resolve(0);
    return this.run(() => this.t.stmt(`UPDATE media SET object_id = ? WHERE owner_actor_id = ? AND object_id IS NULL AND id IN (${ids.map(() => '?').join(', ')})`)
      .run(objectId, ownerActorId, ...ids).changes);
  }
  listByObjects(objectIds: string[]) {
    return this.run(() => inChunks(objectIds, (json) => this.t.all('object_id IN (SELECT value FROM json_each(?))', json)).sort((a, b) => compareIds(a.id, b.id)));
  }
  listByObject(objectId: string) {
    return this.run(() => this.t.all('object_id = ? ORDER BY id', objectId));
  }
  listByOwner(ownerActorId: string) {
    return this.run(() => this.t.all('owner_actor_id = ? ORDER BY id', ownerActorId));
  }
  reassignObject(objectId: string, ownerActorId: string) {
    return this.run(() => this.t.stmt('UPDATE media SET owner_actor_id = ? WHERE object_id = ?').run(ownerActorId, objectId).changes);
  }
  deleteByOwner(ownerActorId: string, limit?: number) {
    return this.run(() => {
      const rows = this.t.all('owner_actor_id = ? ORDER BY id LIMIT ?', ownerActorId, deleteLimit(limit));
      const del = this.t.stmt('DELETE FROM media WHERE id = ?');
      for (const r of rows) del.run(r.id);
      return rows;
    });
  }
}
