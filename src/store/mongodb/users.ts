import type { StaffRole, User, UserPatch, UserRepository, UserRole } from '../port.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoUsers implements UserRepository {
  readonly t: Coll<User>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<User>(ctx, {
      name: COLLECTIONS.users,
      key: 'id',
      fields: {
        id: 'text', actorId: 'text', role: 'text', staffRole: 'text', email: 'text', passwordHash: 'text', mustChangePassword: 'bool',
        disabledAt: 'text', createdAt: 'text', lastActiveAt: 'text',
      },
    });
  }
  async put(user: User) { await this.t.insert(user); return user; }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByActorId(actorId: string) { return this.t.get({ actorId }); }
  update(id: string, patch: UserPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  list() { return this.t.all({}, { sort: { _id: 1 } }); }
  /**
   * SQLite's ON DELETE CASCADE, done by hand in one transaction: the login goes with its tokens,
   * web sessions, SSO links, codes, markers, lists (and their members), filters (and their keywords
   * and statuses), settings and notification policy, or nothing goes.
   */
  delete(id: string) {
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      const removed = (await ctx.db.collection<Doc>(COLLECTIONS.users).deleteOne({ _id: id }, o)).deletedCount > 0;
      if (!removed) return false;
      const idsOf = async (name: string) => (await ctx.db.collection<Doc>(name).find({ userId: id }, { ...o, projection: { _id: 1 } }).toArray()).map((d) => d._id);
      const listIds = await idsOf(COLLECTIONS.lists);
      const filterIds = await idsOf(COLLECTIONS.filters);
      await ctx.db.collection<Doc>(COLLECTIONS.listMembers).deleteMany({ listId: { $in: listIds } }, o);
      await ctx.db.collection<Doc>(COLLECTIONS.filterKeywords).deleteMany({ filterId: { $in: filterIds } }, o);
      await ctx.db.collection<Doc>(COLLECTIONS.filterStatuses).deleteMany({ filterId: { $in: filterIds } }, o);
      for (const name of [COLLECTIONS.tokens, COLLECTIONS.pushSubscriptions, COLLECTIONS.webSessions, COLLECTIONS.identityLinks, COLLECTIONS.accountLinks, COLLECTIONS.authorizationCodes, COLLECTIONS.markers, COLLECTIONS.lists, COLLECTIONS.filters]) {
        await ctx.db.collection<Doc>(name).deleteMany({ userId: id }, o);
      }
      await ctx.db.collection<Doc>(COLLECTIONS.userSettings).deleteOne({ _id: id }, o);
      await ctx.db.collection<Doc>(COLLECTIONS.notificationPolicies).deleteOne({ _id: id }, o);
      return true;
    });
  }
  count(filter: { role?: UserRole; staffRole?: StaffRole; enabledOnly?: boolean } = {}) {
    return this.t.count({ ...(filter.role !== undefined ? { role: filter.role } : {}), ...(filter.staffRole !== undefined ? { staffRole: filter.staffRole } : {}), ...(filter.enabledOnly ? { disabledAt: null } : {}) });
  }
  countActiveSince(sinceIso: string) { return this.t.count({ disabledAt: null, lastActiveAt: { $gte: sinceIso } }); }
}
