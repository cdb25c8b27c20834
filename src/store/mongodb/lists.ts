import type { ListRepository, UserList, UserListPatch } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoLists implements ListRepository {
  readonly t: Coll<UserList>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<UserList>(ctx, {
      name: COLLECTIONS.lists, key: 'id',
      fields: { id: 'text', userId: 'text', title: 'text', repliesPolicy: 'text', exclusive: 'bool', createdAt: 'text', updatedAt: 'text' },
    });
  }
  async put(list: UserList) { await this.t.insert(list); return list; }
  getById(id: string) { return this.t.get({ _id: id }); }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { _id: 1 } }); }
  countForUser(userId: string) { return this.t.count({ userId }); }
  update(id: string, patch: UserListPatch) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  async delete(id: string) { return (await this.t.deleteMany({ _id: id })) === 1; }
}
