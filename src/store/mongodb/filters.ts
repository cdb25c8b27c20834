import type { FilterKeyword, FilterRepository, FilterStatus, UserFilter, UserFilterPatch } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

/** Mirrors ../sqlite/filters.ts: three collections; deleting a filter deletes its parts in one transaction. */
export class MongoFilters implements FilterRepository {
  readonly t: Coll<UserFilter>;
  readonly keywords: Coll<FilterKeyword>;
  readonly statuses: Coll<FilterStatus>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<UserFilter>(ctx, {
      name: COLLECTIONS.filters, key: 'id',
      fields: { id: 'text', userId: 'text', title: 'text', context: 'strings', action: 'text', expiresAt: 'text', createdAt: 'text', updatedAt: 'text' },
    });
    this.keywords = new Coll<FilterKeyword>(ctx, {
      name: COLLECTIONS.filterKeywords, key: 'id', fields: { id: 'text', filterId: 'text', keyword: 'text', wholeWord: 'bool', createdAt: 'text' },
    });
    this.statuses = new Coll<FilterStatus>(ctx, {
      name: COLLECTIONS.filterStatuses, key: 'id', fields: { id: 'text', filterId: 'text', statusId: 'text', createdAt: 'text' },
    });
  }
  async put(filter: UserFilter) { await this.t.insert(filter); return filter; }
  getById(id: string) { return this.t.get({ _id: id }); }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { _id: 1 } }); }
  update(id: string, patch: UserFilterPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  delete(id: string) {
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      await ctx.db.collection(COLLECTIONS.filterKeywords).deleteMany({ filterId: id }, o);
      await ctx.db.collection(COLLECTIONS.filterStatuses).deleteMany({ filterId: id }, o);
      return (await ctx.db.collection<{ _id: string }>(COLLECTIONS.filters).deleteOne({ _id: id }, o)).deletedCount === 1;
    });
  }

  async putKeyword(k: FilterKeyword) { await this.keywords.insert(k); return k; }
  getKeyword(id: string) { return this.keywords.get({ _id: id }); }
  updateKeyword(id: string, patch: Partial<Pick<FilterKeyword, 'keyword' | 'wholeWord'>>) { return this.keywords.update({ _id: id }, this.keywords.toSet(patch)); }
  async deleteKeyword(id: string) { return (await this.keywords.deleteMany({ _id: id })) === 1; }
  async keywordsOf(filterIds: string[]) {
    return filterIds.length ? this.keywords.all({ filterId: { $in: filterIds } }, { sort: { _id: 1 } }) : [];
  }

  async putStatus(s: FilterStatus) { await this.statuses.insert(s); return s; }
  getStatus(id: string) { return this.statuses.get({ _id: id }); }
  async deleteStatus(id: string) { return (await this.statuses.deleteMany({ _id: id })) === 1; }
  async statusesOf(filterIds: string[]) {
    return filterIds.length ? this.statuses.all({ filterId: { $in: filterIds } }, { sort: { _id: 1 } }) : [];
  }
}
