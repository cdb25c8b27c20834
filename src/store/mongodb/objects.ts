import type { ObjectPatch, ObjectRepository, StoredObject } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoObjects implements ObjectRepository {
  readonly t: Coll<StoredObject>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<StoredObject>(ctx, {
      name: COLLECTIONS.objects,
      key: 'id',
      fields: {
        id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
        visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
      },
    });
  }
  async put(object: StoredObject) { await this.t.insert(object); return object; }
  update(id: string, patch: ObjectPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  deleteAllOf(actorId: string) { return this.t.deleteMany({ actorId }); }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByUri(uri: string) { return this.t.get({ uri }); }
  countLocal() { return this.t.count({ local: true, deletedAt: null }); }
}
