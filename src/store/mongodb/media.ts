import { SHAPES } from './query-shapes.js';
import type { MediaAttachment, MediaPatch, MediaRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { inChunks } from './batch.js';
import { compareIds } from './statuses-queries.js';

export class MongoMedia implements MediaRepository {
  readonly t: Coll<MediaAttachment>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<MediaAttachment>(ctx, {
      name: COLLECTIONS.media, key: 'id',
      fields: {
        id: 'text', ownerActorId: 'text', fileName: 'text', contentType: 'text', kind: 'text', size: 'int', width: 'int', height: 'int',
        description: 'text', focusX: 'int', focusY: 'int', objectId: 'text', createdAt: 'text',
      },
    });
  }
  async put(media: MediaAttachment) { await this.t.insert(media); return media; }
  getById(id: string) { return this.t.get({ _id: id }); }
  update(id: string, patch: MediaPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  /** One updateMany: each matched document changes atomically, and only unattached ones match. */
  async attach(ids: string[], ownerActorId: string, objectId: string) {
    if (ids.length === 0) return 0;
    return (await this.t.c.updateMany({ _id: { $in: ids }, ownerActorId, objectId: null }, { $set: { objectId } }, this.t.o)).modifiedCount;
  }
  async listByObjects(objectIds: string[]) {
    return (await inChunks(objectIds, (chunk) => this.t.all(SHAPES.mediaOfObjects.filter(chunk), { sort: { _id: 1 } }))).sort((a, b) => compareIds(a.id, b.id));
  }
  listByObject(objectId: string) { return this.t.all(SHAPES.mediaOfObject.filter(objectId), { sort: { _id: 1 } }); }
  listByOwner(ownerActorId: string) { return this.t.all({ ownerActorId }, { sort: { _id: 1 } }); }
  async reassignObject(objectId: string, ownerActorId: string) {
    return (await this.t.c.updateMany(SHAPES.mediaOfObject.filter(objectId), { $set: { ownerActorId } }, this.t.o)).modifiedCount;
  }
  deleteByOwner(ownerActorId: string, limit?: number) {
    if (limit !== undefined && limit <= 0) return Promise.resolve([]);
    return this.ctx.atomically(async (ctx) => {
      const repo = new MongoMedia(ctx);
      const rows = await repo.t.all({ ownerActorId }, { sort: { _id: 1 }, ...(limit !== undefined ? { limit } : {}) });
      if (limit === undefined) await repo.t.deleteMany({ ownerActorId });
      else if (rows.length) await repo.t.deleteMany({ _id: { $in: rows.map((r) => r.id) } });
      return rows;
    });
  }
}
