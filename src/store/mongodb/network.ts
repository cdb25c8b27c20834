import type { AgencyFeedHidden, AgencyFeedRepository, Relay, RelayRepository, RelayState } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export const agencyFeedKey = (accountId: string, authorId: string) => JSON.stringify([accountId, authorId]);

export class MongoRelays implements RelayRepository {
  readonly t: Coll<Relay>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<Relay>(ctx, {
      name: COLLECTIONS.relays, key: 'id',
      fields: { id: 'text', actorUri: 'text', inbox: 'text', followUri: 'text', state: 'text', createdAt: 'text', updatedAt: 'text' },
    });
  }
  async put(relay: Relay) { await this.t.insert(relay); return relay; }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByActorUri(actorUri: string) { return this.t.get({ actorUri }); }
  getByFollowUri(followUri: string) { return this.t.get({ followUri }); }
  list() { return this.t.all({}, { sort: { _id: 1 } }); }
  async setState(id: string, state: RelayState, now: string) { await this.t.update({ _id: id }, this.t.toSet({ state, updatedAt: now })); }
  async delete(id: string) { return (await this.t.deleteMany({ _id: id })) === 1; }
}

export class MongoAgencyFeed implements AgencyFeedRepository {
  readonly t: Coll<AgencyFeedHidden>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<AgencyFeedHidden>(ctx, {
      name: COLLECTIONS.agencyFeedHidden, key: (r) => agencyFeedKey(r.accountId, r.authorId),
      fields: { accountId: 'text', authorId: 'text', createdAt: 'text' },
    });
  }
  async hide(entry: AgencyFeedHidden) {
    const { _id, ...rest } = this.t.toDoc(entry);
    await this.t.c.updateOne({ _id }, { $setOnInsert: rest }, { ...this.t.o, upsert: true });
  }
  async show(accountId: string, authorId: string) { return (await this.t.deleteMany({ _id: agencyFeedKey(accountId, authorId) })) === 1; }
  async isHidden(accountId: string, authorId: string) { return (await this.t.count({ _id: agencyFeedKey(accountId, authorId) })) > 0; }
  async hiddenBy(accountId: string, limit: number) {
    return (await this.t.all({ accountId }, { sort: { authorId: 1 }, limit })).map((r) => r.authorId);
  }
}
