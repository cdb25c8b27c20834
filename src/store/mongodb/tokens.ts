import { SHAPES } from './query-shapes.js';
import type { AccessToken, TokenRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoTokens implements TokenRepository {
  readonly t: Coll<AccessToken>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<AccessToken>(ctx, {
      name: COLLECTIONS.tokens,
      key: 'id',
      fields: {
        id: 'text', tokenHash: 'text', userId: 'text', appId: 'text', scopes: 'strings', refreshTokenHash: 'text',
        createdAt: 'text', expiresAt: 'text', revokedAt: 'text', lastUsedAt: 'text',
      },
    });
  }
  async put(token: AccessToken) { await this.t.insert(token); return token; }
  getByHash(tokenHash: string) { return this.t.get({ tokenHash }); }
  getByRefreshHash(refreshHash: string) { return this.t.get(SHAPES.tokenByRefreshHash.filter(refreshHash)); }
  async revoke(id: string, at: string) { await this.t.c.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } }, this.t.o); }
  async revokeAllForUser(userId: string, at: string) {
    return (await this.t.c.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: at } }, this.t.o)).modifiedCount;
  }
  async touch(id: string, at: string) { await this.t.c.updateOne({ _id: id }, { $set: { lastUsedAt: at } }, this.t.o); }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { _id: 1 } }); }
}
