import type { PushSubscription, PushSubscriptionRepository } from '../port.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoPushSubscriptions implements PushSubscriptionRepository {
  readonly t: Coll<PushSubscription>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<PushSubscription>(ctx, {
      name: COLLECTIONS.pushSubscriptions,
      key: 'id',
      fields: {
        id: 'text', tokenId: 'text', userId: 'text', accountId: 'text', endpoint: 'text', p256dh: 'text', auth: 'text',
        alerts: 'json', policy: 'text', standard: 'bool', tokenSealed: 'text', createdAt: 'text', updatedAt: 'text',
      },
    });
  }
  /** Delete then insert in one transaction: the unique tokenId index never sees two. */
  putForToken(s: PushSubscription) {
    return this.ctx.atomically(async (ctx) => {
      const o = ctx.session ? { session: ctx.session } : {};
      const c = ctx.db.collection<Doc>(COLLECTIONS.pushSubscriptions);
      await c.deleteMany({ tokenId: s.tokenId }, o);
      await c.insertOne(this.t.toDoc(s), o);
      return s;
    });
  }
  getByToken(tokenId: string) { return this.t.get({ tokenId }); }
  getById(id: string) { return this.t.get({ _id: id }); }
  update(id: string, patch: Partial<Pick<PushSubscription, 'alerts' | 'policy' | 'updatedAt'>>) { return this.t.update({ _id: id }, this.t.toSet(patch)); }
  async deleteByToken(tokenId: string) { return (await this.t.deleteMany({ tokenId })) > 0; }
  async delete(id: string) { return (await this.t.deleteMany({ _id: id })) > 0; }
  listByAccount(accountId: string) { return this.t.all({ accountId }, { sort: { _id: 1 } }); }
}
