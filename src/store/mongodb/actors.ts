import { SHAPES } from './query-shapes.js';
import type { Actor, ActorCounts, ActorPatch, ActorRepository, NewActor } from '../port.js';
import type { Follow, StoredActivity } from '../port.js';
import { inChunks, keyChunks } from './batch.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { asciiLower, domainAndSubdomainsPattern, prefixPattern } from './queries.js';

export class MongoActors implements ActorRepository {
  readonly t: Coll<Actor>;
  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<Actor>(ctx, {
      name: COLLECTIONS.actors,
      key: 'id',
      fields: {
        id: 'text', uri: 'text', username: 'text', domain: 'text', type: 'text', displayName: 'text', summary: 'text',
        url: 'text', inbox: 'text', sharedInbox: 'text', outbox: 'text', followersUri: 'text', followingUri: 'text',
        featuredUri: 'text', publicKeyId: 'text', publicKeyPem: 'text', privateKeyPem: 'text',
        manuallyApprovesFollowers: 'bool', discoverable: 'bool', indexable: 'bool', avatarUrl: 'text', headerUrl: 'text',
        fields: 'json', raw: 'json', createdAt: 'text', updatedAt: 'text', fetchedAt: 'text', suspendedAt: 'text', deletedAt: 'text',
      },
      // SQLite gets these from COLLATE NOCASE and ifnull(domain, ''); here they are stored fields.
      derive: (a) => ({
        ...(a.username !== undefined ? { usernameKey: asciiLower(a.username) } : {}),
        ...(a.domain !== undefined ? { domainKey: a.domain ?? '' } : {}),
        ...(a.displayName !== undefined ? { displayNameKey: asciiLower(a.displayName ?? '') } : {}),
      }),
    });
  }

  async put(actor: NewActor): Promise<Actor> {
    const now = new Date().toISOString();
    const full: Actor = { ...actor, createdAt: actor.createdAt ?? now, updatedAt: actor.updatedAt ?? now, deletedAt: actor.deletedAt ?? null };
    await this.t.insert(full);
    return full;
  }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByUri(uri: string) { return this.t.get({ uri }); }
  async getMany(keys: { ids?: string[]; uris?: string[] }) {
    // Two $in reads on unique indexes (_id, actors_uri), merged by id.
    const [byId, byUri] = await Promise.all([
      inChunks(keys.ids ?? [], (ids) => this.t.all({ _id: { $in: ids } })),
      inChunks(keys.uris ?? [], (uris) => this.t.all({ uri: { $in: uris } })),
    ]);
    const seen = new Set(byId.map((a) => a.id));
    return [...byId, ...byUri.filter((a) => !seen.has(a.id) && (seen.add(a.id), true))];
  }
  async countsOf(actorIds: string[]): Promise<ActorCounts[]> {
    const db = this.ctx.db;
    const o = this.t.o;
    const out: ActorCounts[] = [];
    for (const ids of keyChunks(actorIds)) {
      // $match on the leading fields of follows_followee / follows_follower / activities_actor, then
      // $group: the pipeline's first $match uses an index as a find would ("Aggregation Pipeline
      // Optimization", $match at the start). The newest status is the highest _id, as listByActor sorts.
      const group = (field: string) => db.collection(COLLECTIONS.follows).aggregate<{ _id: string; n: number }>([
        { $match: { [field]: { $in: ids }, state: 'accepted' } satisfies Partial<Record<keyof Follow, unknown>> },
        { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      ], o).toArray();
      const [followers, following, statuses] = await Promise.all([
        group('followeeId'),
        group('followerId'),
        db.collection(COLLECTIONS.activities).aggregate<{ _id: string; n: number; last: string }>([
          { $match: { actorId: { $in: ids }, type: { $in: ['Create', 'Announce'] } } satisfies Partial<Record<keyof StoredActivity, unknown>> },
          { $group: { _id: '$actorId', n: { $sum: 1 }, last: { $max: '$_id' } } },
        ], o).toArray(),
      ]);
      const lastIds = statuses.map((s) => s.last);
      const lastAt = new Map((lastIds.length ? await db.collection(COLLECTIONS.activities).find({ _id: { $in: lastIds } } as never, { ...o, projection: { createdAt: 1 } }).toArray() : [])
        .map((d) => [String(d._id), String(d.createdAt)]));
      const f = new Map(followers.map((r) => [r._id, r.n]));
      const g = new Map(following.map((r) => [r._id, r.n]));
      const s = new Map(statuses.map((r) => [r._id, r]));
      for (const id of ids) {
        const st = s.get(id);
        out.push({ actorId: id, followers: f.get(id) ?? 0, following: g.get(id) ?? 0, statuses: st?.n ?? 0, lastStatusAt: st ? lastAt.get(st.last) ?? null : null });
      }
    }
    return out;
  }
  getByKeyId(keyId: string) { return this.t.get({ publicKeyId: keyId }); }
  getByUsername(username: string, domain: string | null) {
    return this.t.get({ usernameKey: asciiLower(username), domainKey: domain ?? '' });
  }
  update(id: string, patch: ActorPatch) {
    return this.t.update({ _id: id }, this.t.toSet({ ...patch, updatedAt: patch.updatedAt ?? new Date().toISOString() }));
  }
  listLocal(options: { limit?: number; afterId?: string } = {}) {
    return this.t.all({ domain: null, _id: { $gt: options.afterId ?? '' } }, { sort: { _id: 1 }, limit: options.limit ?? 1000 });
  }
  countLocal() { return this.t.count({ domain: null }); }
  async suspendDomain(domain: string, at: string) {
    const res = await this.t.c.updateMany({ suspendedAt: null, domain: domainAndSubdomainsPattern(domain) }, { $set: { suspendedAt: at } }, this.t.o);
    return res.modifiedCount;
  }
  async unsuspendDomain(domain: string, at: string) {
    const res = await this.t.c.updateMany({ ...SHAPES.actorsSuspendedAt.filter(at), domain: domainAndSubdomainsPattern(domain) }, { $set: { suspendedAt: null } }, this.t.o);
    return res.modifiedCount;
  }
  async searchLocal(query: string, limit: number) {
    // SQLite orders username matches first, then by username; two queries give the same order
    // and each can use an index (a prefix regex on a stored case-folded key).
    const pattern = prefixPattern(query);
    const byName = await this.t.all({ domain: null, usernameKey: pattern }, { sort: { usernameKey: 1 }, limit });
    if (limit >= 0 && byName.length >= limit) return byName;
    const byDisplay = await this.t.all(
      { domain: null, displayNameKey: pattern, usernameKey: { $not: pattern } },
      { sort: { usernameKey: 1 }, limit: limit < 0 ? limit : limit - byName.length },
    );
    return [...byName, ...byDisplay];
  }
  async remoteDomains() {
    const domains = (await this.t.c.distinct('domain', { domain: { $type: 'string' } }, this.t.o)) as string[];
    return domains.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
