import type { WebSession, WebSessionRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoWebSessions implements WebSessionRepository {
  readonly t: Coll<WebSession>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<WebSession>(ctx, {
      name: COLLECTIONS.webSessions,
      key: 'id',
      fields: {
        id: 'text', secretHash: 'text', userId: 'text', createdAt: 'text', lastSeenAt: 'text', expiresAt: 'text', userAgent: 'text', ip: 'text',
      },
    });
  }
  async put(session: WebSession) { await this.t.insert(session); return session; }
  getBySecretHash(secretHash: string) { return this.t.get({ secretHash }); }
  async touch(id: string, lastSeenAt: string, expiresAt: string) {
    await this.t.c.updateOne({ _id: id }, { $set: { lastSeenAt, expiresAt } }, this.t.o);
  }
  async delete(id: string) { return (await this.t.deleteMany({ _id: id })) === 1; }
  deleteAllForUser(userId: string, exceptId?: string) {
    return this.t.deleteMany({ userId, ...(exceptId !== undefined ? { _id: { $ne: exceptId } } : {}) });
  }
  listForUser(userId: string) { return this.t.all({ userId }, { sort: { createdAt: 1, _id: 1 } }); }
  deleteExpired(at: string) { return this.t.deleteMany({ expiresAt: { $lte: at } }); }
}
