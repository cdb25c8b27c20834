import type { ObjectPatch, ObjectRepository, StoredObject } from '../port.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { objectDerived } from './statuses-queries.js';
import { inChunks } from './batch.js';

export const OBJECT_FIELDS = {
  id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
  visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
} as const;

/**
 * `data` is JSON text, so what queries need from it is derived on every write that carries it:
 * `tagNames` (SQLite's object_tags, kept by triggers there) and `mentionHrefs` (the home
 * timeline's rule for direct posts). See statuses-queries.ts.
 */
export function objectsColl(ctx: MongoCtx): Coll<StoredObject> {
  return new Coll<StoredObject>(ctx, { name: COLLECTIONS.objects, key: 'id', fields: OBJECT_FIELDS, derive: objectDerived });
}

/** Ids per `$in` when cascading deletes: keeps each command far below the 16 MB limit. */
const CHUNK = 1000;

export class MongoObjects implements ObjectRepository {
  readonly t: Coll<StoredObject>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = objectsColl(ctx);
  }
  async put(object: StoredObject) { await this.t.insert(object); return object; }
  update(id: string, patch: ObjectPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  /** SQLite cascades bookmarks and status versions from objects; here in one transaction. */
  deleteAllOf(actorId: string, limit?: number) {
    if (limit !== undefined && limit <= 0) return Promise.resolve(0);
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      const objects = ctx.db.collection<Doc>(COLLECTIONS.objects);
      const ids = (await objects.find({ actorId }, { ...o, projection: { _id: 1 }, ...(limit !== undefined ? { limit } : {}) }).toArray()).map((d) => d._id);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        await ctx.db.collection<Doc>(COLLECTIONS.bookmarks).deleteMany({ objectId: { $in: chunk } }, o);
        await ctx.db.collection<Doc>(COLLECTIONS.statusVersions).deleteMany({ objectId: { $in: chunk } }, o);
      }
      // A bounded call deletes exactly the ids whose dependents went above (see deleteSome).
      if (limit !== undefined) return ids.length ? (await objects.deleteMany({ _id: { $in: ids } }, o)).deletedCount : 0;
      return (await objects.deleteMany({ actorId }, o)).deletedCount;
    });
  }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByUris(uris: string[]) { return inChunks(uris, (chunk) => this.t.all({ uri: { $in: chunk } })); }
  getByIds(ids: string[]) { return inChunks(ids, (chunk) => this.t.all({ _id: { $in: chunk } })); }
  getByUri(uri: string) { return this.t.get({ uri }); }
  countLocal() { return this.t.count({ local: true, deletedAt: null }); }
}
