import { SHAPES } from './query-shapes.js';
import type { ActivityRepository, StoredActivity } from '../port.js';
import { Coll, deleteSome } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoActivities implements ActivityRepository {
  readonly t: Coll<StoredActivity>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<StoredActivity>(ctx, {
      name: COLLECTIONS.activities, key: 'id',
      fields: { id: 'text', uri: 'text', type: 'text', actorId: 'text', objectUri: 'text', local: 'bool', public: 'bool', createdAt: 'text', data: 'json' },
    });
  }
  async put(activity: StoredActivity) { await this.t.insert(activity); return activity; }
  getByUri(uri: string) { return this.t.get({ uri }); }
  find(f: { actorId: string; type: string; objectUri: string }) {
    return this.t.get({ actorId: f.actorId, ...SHAPES.activitiesOfObject.filter(f.objectUri, f.type) }, { _id: -1 });
  }
  async deleteByUri(uri: string) { return (await this.t.deleteMany({ uri })) === 1; }
  deleteAllOf(actorId: string, limit?: number) { return deleteSome(this.t.c, { actorId }, this.t.o, limit); }
  listByActor(actorId: string, o: { types: string[]; publicOnly: boolean; limit: number; beforeId?: string }) {
    return this.t.all(
      { ...this.byActor(actorId, o), ...(o.beforeId !== undefined ? { _id: { $lt: o.beforeId } } : {}) },
      { sort: { _id: -1 }, limit: o.limit },
    );
  }
  countByActor(actorId: string, o: { types: string[]; publicOnly: boolean }) { return this.t.count(this.byActor(actorId, o)); }
  countByObject(objectUri: string, type: string) { return this.t.count(SHAPES.activitiesOfObject.filter(objectUri, type)); }
  private byActor(actorId: string, o: { types: string[]; publicOnly: boolean }) {
    return { actorId, type: { $in: [...o.types] }, ...(o.publicOnly ? { public: true } : {}) };
  }
}
