import type { IdentityLink, IdentityLinkRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoIdentityLinks implements IdentityLinkRepository {
  readonly t: Coll<IdentityLink>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<IdentityLink>(ctx, {
      name: COLLECTIONS.identityLinks,
      key: 'id',
      fields: { id: 'text', issuer: 'text', subject: 'text', userId: 'text', createdAt: 'text', lastSignInAt: 'text' },
    });
  }
  async put(link: IdentityLink) { await this.t.insert(link); return link; }
  get(issuer: string, subject: string) { return this.t.get({ issuer, subject }); }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { createdAt: 1, _id: 1 } }); }
  async touch(id: string, lastSignInAt: string) { await this.t.c.updateOne({ _id: id }, { $set: { lastSignInAt } }, this.t.o); }
  async delete(id: string) { return (await this.t.deleteMany({ _id: id })) === 1; }
}
