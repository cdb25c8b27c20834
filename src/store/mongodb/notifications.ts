import type { NotificationFilter, NotificationPolicy, NotificationRepository, NotificationType, Page, PostSubscription, StoredNotification } from '../port.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { withConflict } from './errors.js';
import { COLLECTIONS } from './indexes.js';
import { notificationFilter, notificationIdentity, pageFilter, postSubscriptionKey, removeNotificationsFilter, statusKeyOf } from './statuses-queries.js';

/** Mirrors ../sqlite/notifications.ts. */
export class MongoNotifications implements NotificationRepository {
  readonly t: Coll<StoredNotification>;
  readonly subscriptions: Coll<PostSubscription>;
  readonly policies: Coll<NotificationPolicy>;

  constructor(private readonly ctx: MongoCtx) {
    this.policies = new Coll<NotificationPolicy>(ctx, {
      name: COLLECTIONS.notificationPolicies, key: 'userId',
      fields: { userId: 'text', forNotFollowing: 'text', forNotFollowers: 'text', forNewAccounts: 'text', forPrivateMentions: 'text', forLimitedAccounts: 'text', updatedAt: 'text' },
    });
    this.t = new Coll<StoredNotification>(ctx, {
      name: COLLECTIONS.notifications, key: 'id',
      fields: { id: 'text', accountId: 'text', type: 'text', fromActorId: 'text', statusId: 'text', createdAt: 'text' },
      derive: (n) => (n.statusId !== undefined ? { statusKey: statusKeyOf(n.statusId) } : {}),
    });
    this.subscriptions = new Coll<PostSubscription>(ctx, {
      name: COLLECTIONS.postSubscriptions, key: (s) => postSubscriptionKey(s.followerId, s.followeeId),
      fields: { followerId: 'text', followeeId: 'text' },
    });
  }

  /**
   * An upsert on the unique (account, type, from, statusKey) that only inserts: no duplicate-key
   * error for the same cause (so an enclosing transaction is not aborted), and the server retries
   * a racing upsert on that index by itself. The same id with another cause is a StoreConflict.
   */
  async put(n: StoredNotification) {
    const identity = notificationIdentity(n);
    const { _id, createdAt } = this.t.toDoc(n);
    const res = await withConflict(this.t.spec.name, () =>
      this.t.c.updateOne(identity, { $setOnInsert: { _id, statusId: n.statusId, createdAt } }, { ...this.t.o, upsert: true }));
    if (res.upsertedCount === 1) return { notification: n, created: true };
    return { notification: (await this.t.get(identity))!, created: false };
  }
  getById(accountId: string, id: string) { return this.t.get({ _id: id, accountId }); }
  async list(accountId: string, filter: NotificationFilter, page: Page) {
    const p = pageFilter(page);
    const rows = await this.t.all({ ...notificationFilter(accountId, filter), ...p.filter }, { sort: p.sort, limit: page.limit });
    return p.ascending ? rows.reverse() : rows;
  }
  count(accountId: string, filter: NotificationFilter & { sinceId?: string }) {
    return this.t.count({ ...notificationFilter(accountId, filter), ...(filter.sinceId != null ? { _id: { $gt: filter.sinceId } } : {}) });
  }
  async dismiss(accountId: string, id: string) {
    return (await this.t.c.deleteOne({ _id: id, accountId }, this.t.o)).deletedCount > 0;
  }
  clear(accountId: string) { return this.t.deleteMany({ accountId }); }

  /** INSERT OR IGNORE as an insert-only upsert on the composite key. */
  async setPostSubscription(followerId: string, followeeId: string, on: boolean) {
    const _id = postSubscriptionKey(followerId, followeeId);
    if (on) await this.subscriptions.c.updateOne({ _id }, { $setOnInsert: { followerId, followeeId } }, { ...this.subscriptions.o, upsert: true });
    else await this.subscriptions.c.deleteOne({ _id }, this.subscriptions.o);
  }
  async isPostSubscribed(followerId: string, followeeId: string) {
    return (await this.subscriptions.c.findOne({ _id: postSubscriptionKey(followerId, followeeId) }, { ...this.subscriptions.o, projection: { _id: 1 } })) !== null;
  }
  /** SQLite's join of subscriptions, accepted follows and local actors, as three reads by index. */
  async postSubscribers(followeeId: string) {
    const o = this.subscriptions.o;
    const subscribed = (await this.subscriptions.c.find({ followeeId }, { ...o, sort: { followerId: 1 }, projection: { _id: 0, followerId: 1 } }).toArray())
      .map((d) => d.followerId as string);
    if (subscribed.length === 0) return [];
    const following = new Set((await this.ctx.db.collection<Doc>(COLLECTIONS.follows)
      .find({ followeeId, followerId: { $in: subscribed }, state: 'accepted' }, { ...o, projection: { _id: 0, followerId: 1 } }).toArray())
      .map((d) => d.followerId as string));
    const local = new Set((await this.ctx.db.collection<Doc>(COLLECTIONS.actors)
      .find({ _id: { $in: subscribed }, domain: null }, { ...o, projection: { _id: 1 } }).toArray())
      .map((d) => d._id));
    return subscribed.filter((id) => following.has(id) && local.has(id));
  }
  getPolicy(userId: string) { return this.policies.get({ _id: userId }); }
  async putPolicy(policy: NotificationPolicy) {
    const { _id, ...rest } = this.policies.toDoc(policy);
    // Every field is set, so $set with upsert replaces the whole record.
    await this.policies.c.updateOne({ _id }, { $set: rest }, { ...this.policies.o, upsert: true });
    return policy;
  }
  removeWhere(m: { type: NotificationType; fromActorId: string; statusId?: string | null; accountId?: string }) {
    return this.t.deleteMany(removeNotificationsFilter(m));
  }
}
