import type { AccountLink, AccountLinkRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoAccountLinks implements AccountLinkRepository {
  readonly t: Coll<AccountLink>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<AccountLink>(ctx, {
      name: COLLECTIONS.accountLinks,
      key: 'id',
      fields: { id: 'text', tokenHash: 'text', purpose: 'text', userId: 'text', createdBy: 'text', createdAt: 'text', expiresAt: 'text', usedAt: 'text' },
    });
  }
  async put(link: AccountLink) { await this.t.insert(link); return link; }
  getByTokenHash(tokenHash: string) { return this.t.get({ tokenHash }); }
  /** One findOneAndUpdate filtered on "unused and not expired": atomic per document without a transaction. */
  consume(id: string, at: string) { return this.t.update({ _id: id, usedAt: null, expiresAt: { $gt: at } }, { usedAt: at }); }
  async voidForUser(userId: string, at: string) {
    return (await this.t.c.updateMany({ userId, usedAt: null }, { $set: { usedAt: at } }, this.t.o)).modifiedCount;
  }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { createdAt: -1, _id: -1 } }); }
  deleteExpired(at: string) { return this.t.deleteMany({ expiresAt: { $lte: at } }); }
}
