import { SHAPES } from './query-shapes.js';
import type { Filter } from 'mongodb';
import type { Follow, FollowRepository, FollowState } from '../port.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { postSubscriptionKey } from './statuses-queries.js';

export class MongoFollows implements FollowRepository {
  readonly t: Coll<Follow>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<Follow>(ctx, {
      name: COLLECTIONS.follows, key: 'id',
      fields: { id: 'text', uri: 'text', followerId: 'text', followeeId: 'text', state: 'text', createdAt: 'text', updatedAt: 'text' },
    });
  }
  async put(follow: Follow) { await this.t.insert(follow); return follow; }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByUri(uri: string) { return this.t.get({ uri }); }
  getByPair(followerId: string, followeeId: string) { return this.t.get({ followerId, followeeId }); }
  async setState(id: string, state: FollowState, now: string) { await this.t.c.updateOne({ _id: id }, { $set: { state, updatedAt: now } }, this.t.o); }
  delete(id: string) { return this.deleteWithSubscriptions({ _id: id }).then((n) => n === 1); }
  async deleteAllOf(actorId: string, limit?: number) {
    const both = { $or: [{ followerId: actorId }, { followeeId: actorId }] };
    if (limit === undefined) return this.deleteWithSubscriptions(both);
    if (limit <= 0) return 0;
    // Up to `limit` of them by id (a delete has no "up to n": see deleteSome in collection.ts).
    const ids = (await this.t.c.find(both, { ...this.t.o, projection: { _id: 1 }, limit }).toArray()).map((d) => d._id);
    return ids.length ? this.deleteWithSubscriptions({ _id: { $in: ids } }) : 0;
  }
  listFollowers(followeeId: string, o: { state: FollowState; limit: number; beforeId?: string }) {
    return this.t.all({ followeeId, state: o.state, ...(o.beforeId !== undefined ? { _id: { $lt: o.beforeId } } : {}) }, { sort: { _id: -1 }, limit: o.limit });
  }
  listFollowing(followerId: string, o: { state: FollowState; limit: number; beforeId?: string }) {
    return this.t.all({ followerId, state: o.state, ...(o.beforeId !== undefined ? { _id: { $lt: o.beforeId } } : {}) }, { sort: { _id: -1 }, limit: o.limit });
  }
  countFollowers(followeeId: string, state?: FollowState) { return this.t.count({ followeeId, ...(state !== undefined ? { state } : {}) }); }
  countFollowing(followerId: string, state?: FollowState) { return this.t.count({ followerId, ...(state !== undefined ? { state } : {}) }); }
  async followerInboxes(followeeId: string) {
    // SQLite's JOIN with actors, as a $lookup; distinct by $group, sorted like ORDER BY inbox.
    const rows = await this.t.c.aggregate<{ _id: string }>([
      { $match: { followeeId, state: 'accepted' } },
      { $lookup: { from: COLLECTIONS.actors, localField: 'followerId', foreignField: '_id', as: 'a' } },
      { $unwind: '$a' },
      { $match: { 'a.domain': { $type: 'string' }, 'a.suspendedAt': null } },
      { $group: { _id: { $ifNull: ['$a.sharedInbox', '$a.inbox'] } } },
      { $sort: { _id: 1 } },
    ], this.t.o).toArray();
    return rows.map((r) => r._id);
  }
  async deleteFollowersReachedAt(followeeId: string, inbox: string) {
    const o = this.t.o;
    const ids = (await this.ctx.db.collection<Doc>(COLLECTIONS.actors)
      .find({ domain: { $type: 'string' }, $or: [{ inbox }, SHAPES.actorsBySharedInbox.filter(inbox)] }, { ...o, projection: { _id: 1 } }).toArray()).map((d) => d._id);
    if (ids.length === 0) return 0;
    return this.deleteWithSubscriptions({ followeeId, followerId: { $in: ids } });
  }

  /**
   * Unfollowing ends "notify me when they post": SQLite's post_subscriptions_unfollow trigger,
   * done here in one transaction (joins the caller's) with the follows' deletion.
   */
  private deleteWithSubscriptions(filter: Filter<Doc>): Promise<number> {
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      const follows = ctx.db.collection<Doc>(COLLECTIONS.follows);
      const pairs = await follows.find(filter, { ...o, projection: { _id: 0, followerId: 1, followeeId: 1 } }).toArray();
      if (pairs.length === 0) return 0;
      const keys = pairs.map((f) => postSubscriptionKey(f.followerId as string, f.followeeId as string));
      for (let i = 0; i < keys.length; i += 1000) {
        await ctx.db.collection<Doc>(COLLECTIONS.postSubscriptions).deleteMany({ _id: { $in: keys.slice(i, i + 1000) } }, o);
      }
      return (await follows.deleteMany(filter, o)).deletedCount;
    });
  }
}
