import type { ListMember, ListRepository, UserList, UserListPatch } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { withConflict } from './errors.js';
import { COLLECTIONS } from './indexes.js';

/** Mirrors ../sqlite/lists.ts; list members are their own collection (unique on list and actor). */
export class MongoLists implements ListRepository {
  readonly t: Coll<UserList>;
  readonly memberTable: Coll<ListMember>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<UserList>(ctx, {
      name: COLLECTIONS.lists, key: 'id',
      fields: { id: 'text', userId: 'text', title: 'text', repliesPolicy: 'text', exclusive: 'bool', createdAt: 'text', updatedAt: 'text' },
    });
    this.memberTable = new Coll<ListMember>(ctx, {
      name: COLLECTIONS.listMembers, key: 'id',
      fields: { id: 'text', listId: 'text', actorId: 'text', createdAt: 'text' },
    });
  }
  async put(list: UserList) { await this.t.insert(list); return list; }
  getById(id: string) { return this.t.get({ _id: id }); }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { _id: 1 } }); }
  countForUser(userId: string) { return this.t.count({ userId }); }
  update(id: string, patch: UserListPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  /** SQLite's ON DELETE CASCADE, in one transaction. */
  delete(id: string) {
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      await ctx.db.collection(COLLECTIONS.listMembers).deleteMany({ listId: id }, o);
      return (await ctx.db.collection<{ _id: string }>(COLLECTIONS.lists).deleteOne({ _id: id }, o)).deletedCount === 1;
    });
  }
  /** An insert-only upsert on the unique (listId, actorId): adding twice keeps the first entry. */
  async addMember(m: ListMember) {
    const m2 = this.memberTable;
    await withConflict(m2.spec.name, () =>
      m2.c.updateOne({ listId: m.listId, actorId: m.actorId }, { $setOnInsert: { _id: m.id, createdAt: m.createdAt } }, { ...m2.o, upsert: true }));
  }
  async removeMember(listId: string, actorId: string) {
    return (await this.memberTable.c.deleteOne({ listId, actorId }, this.memberTable.o)).deletedCount > 0;
  }
  async members(listId: string, o: { limit: number; beforeId?: string; afterId?: string }) {
    const range: Record<string, string> = {};
    if (o.beforeId !== undefined) range.$lt = o.beforeId;
    if (o.afterId !== undefined) range.$gt = o.afterId;
    const filter = { listId, ...(Object.keys(range).length ? { _id: range } : {}) };
    if (o.afterId !== undefined && o.beforeId === undefined) return (await this.memberTable.all(filter, { sort: { _id: 1 }, limit: o.limit })).reverse();
    return this.memberTable.all(filter, { sort: { _id: -1 }, limit: o.limit });
  }
  async memberIds(listId: string, limit: number) {
    return (await this.memberTable.all({ listId }, { sort: { _id: 1 }, limit })).map((m) => m.actorId);
  }
  async listsWithMember(userId: string, actorId: string) {
    const listIds = (await this.memberTable.all({ actorId }, { sort: { _id: 1 } })).map((m) => m.listId);
    if (listIds.length === 0) return [];
    return this.t.all({ userId, _id: { $in: listIds } }, { sort: { _id: 1 } });
  }
  async removeFromUserLists(userId: string, actorId: string) {
    const listIds = (await this.t.all({ userId }, { sort: { _id: 1 } })).map((l) => l.id);
    if (listIds.length === 0) return 0;
    return this.memberTable.deleteMany({ actorId, listId: { $in: listIds } });
  }
}
