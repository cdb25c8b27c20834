import { SHAPES } from './query-shapes.js';
import type { Filter } from 'mongodb';
import type { StatusFacts, Bookmark, FeedOptions, HomeOptions, IdempotencyRecord, Page, PostSearchQuery, PublicFilter, StatusRepository, StatusVersion, StoredActivity, StoredObject, TimelineEntry } from '../port.js';
import { Coll, deleteSome, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { withConflict } from './errors.js';
import { COLLECTIONS } from './indexes.js';
import { objectsColl } from './objects.js';
import { MongoActivities } from './activities.js';
import { MAX_BATCH } from '../port/actors.js';
import {
  boostedPostsFilter, compareIds, directForFilter, excludedAuthorsFilter, homeBoostsFilter, homePostsFilter, idempotencyKey, keepInPublic,
  mergeEntries, pageAfter, pageFilter, POST_TYPES, publicFilter, searchTagsPipeline, tagFilter,
  postSearchFilter, mentionHrefsOf,
} from './statuses-queries.js';

/** Mongo's find reads limit 0 as "no limit"; SQLite's LIMIT 0 is none and a negative one is all. */
const limitOption = (limit: number) => (limit > 0 ? { limit } : {});

/**
 * Posts as statuses, mirroring ../sqlite/statuses.ts method by method. What SQLite keeps in
 * tables maintained by triggers is computed here at read time: the home timeline from the
 * account's accepted follows (no home_feed collection: every writer of objects, activities and
 * follows stays unaware of it), tags from the derived `tagNames` of objects (objects.ts).
 */
export class MongoStatuses implements StatusRepository {
  readonly objects: Coll<StoredObject>;
  readonly activities: Coll<StoredActivity>;
  readonly bookmarks: Coll<Bookmark>;
  readonly versions: Coll<StatusVersion>;
  readonly idempotency: Coll<IdempotencyRecord>;

  constructor(private readonly ctx: MongoCtx) {
    this.objects = objectsColl(ctx);
    this.activities = new MongoActivities(ctx).t;
    this.bookmarks = new Coll<Bookmark>(ctx, {
      name: COLLECTIONS.bookmarks, key: 'id', fields: { id: 'text', actorId: 'text', objectId: 'text', createdAt: 'text' },
    });
    this.versions = new Coll<StatusVersion>(ctx, {
      name: COLLECTIONS.statusVersions, key: 'id',
      fields: { id: 'text', objectId: 'text', text: 'text', spoilerText: 'text', sensitive: 'bool', content: 'text', createdAt: 'text' },
    });
    this.idempotency = new Coll<IdempotencyRecord>(ctx, {
      name: COLLECTIONS.idempotencyKeys, key: (r) => idempotencyKey(r.actorId, r.key),
      fields: { actorId: 'text', key: 'text', objectId: 'text', createdAt: 'text' },
    });
  }

  private coll(name: string) {
    return this.ctx.db.collection<Doc>(name);
  }

  private async ids<T extends object>(coll: Coll<T>, filter: Filter<Doc>, sort: Record<string, 1 | -1>, limit: number): Promise<string[]> {
    if (limit === 0) return [];
    return (await coll.c.find(filter, { ...coll.o, sort, ...limitOption(limit), projection: { _id: 1 } }).toArray()).map((d) => d._id);
  }

  /** The posts boosts show, by uri: here, not deleted, Note/Article, public or unlisted. */
  private async boosted(boosts: StoredActivity[]): Promise<Map<string, StoredObject>> {
    const uris = boosts.map((b) => b.objectUri).filter((u): u is string => u !== null);
    if (uris.length === 0) return new Map();
    return new Map((await this.objects.all(boostedPostsFilter(uris))).map((o) => [o.uri, o]));
  }

  /**
   * As SQLite: per actor, at most `limit` posts and `2 * limit` boosts from the (actor, _id)
   * indexes, merged; boosts whose post is gone or not here yet are skipped.
   */
  async byActors(actorIds: string[], page: Page, options: FeedOptions): Promise<TimelineEntry[]> {
    if (page.limit <= 0) return [];
    const p = pageFilter(page);
    const boostLimit = page.limit * 2;
    const candidates: Array<{ id: string; boost: boolean }> = [];
    for (const actorId of new Set(actorIds)) {
      const posts = await this.ids(this.objects, {
        actorId, deletedAt: null, type: { $in: [...POST_TYPES] }, visibility: { $in: [...options.visibilities] },
        ...(options.withoutReplies ? { inReplyToUri: null } : {}), ...p.filter,
      }, p.sort as Record<string, 1 | -1>, page.limit);
      for (const id of posts) candidates.push({ id, boost: false });
      if (options.withoutReblogs) continue;
      const boosts = await this.ids(this.activities, { actorId, type: 'Announce', ...p.filter }, p.sort as Record<string, 1 | -1>, boostLimit);
      for (const id of boosts) candidates.push({ id, boost: true });
    }
    candidates.sort((a, b) => (p.ascending ? compareIds(a.id, b.id) : compareIds(b.id, a.id)));
    const out: TimelineEntry[] = [];
    // Resolved a page's worth at a time: posts always count, so one chunk fills the page unless boosts are skipped.
    for (let i = 0; i < candidates.length && out.length < page.limit; i += page.limit) {
      const chunk = candidates.slice(i, i + page.limit);
      const postIds = chunk.filter((c) => !c.boost).map((c) => c.id);
      const boostIds = chunk.filter((c) => c.boost).map((c) => c.id);
      const posts = new Map((postIds.length ? await this.objects.all({ _id: { $in: postIds } }) : []).map((o) => [o.id, o]));
      const boosts = new Map((boostIds.length ? await this.activities.all({ _id: { $in: boostIds } }) : []).map((a) => [a.id, a]));
      const boosted = await this.boosted([...boosts.values()]);
      for (const c of chunk) {
        if (out.length >= page.limit) break;
        if (!c.boost) {
          const object = posts.get(c.id);
          if (object) out.push({ id: object.id, object, reblog: null });
          continue;
        }
        const reblog = boosts.get(c.id);
        const object = reblog?.objectUri ? boosted.get(reblog.objectUri) : undefined;
        if (reblog && object) out.push({ id: reblog.id, object, reblog });
      }
    }
    return p.ascending ? out.reverse() : out;
  }

  /**
   * Computed at read time (SQLite reads its materialized home_feed): the account's accepted
   * followees, then one query for their posts and the account's own, one for their boosts, merged
   * by id. Both use the (actorId, _id) indexes, one range per actor merged by the server, so the
   * cost grows with the number of followees, not with the collection. Boosts of posts that are
   * not here or deleted are skipped: read on (5 rounds at most, as SQLite) until the page is full.
   */
  home(accountId: string, page: Page, options: HomeOptions = {}): Promise<TimelineEntry[]> {
    return this.feed(accountId, page, options, null);
  }

  /** The home's computation narrowed to followed members, without the account's own (nor the agency's feed). */
  listFeed(accountId: string, authorIds: string[], page: Page): Promise<TimelineEntry[]> {
    const authors = [...new Set(authorIds)].filter((id) => id !== accountId);
    if (authors.length === 0) return Promise.resolve([]);
    return this.feed(accountId, page, {}, authors);
  }

  private async feed(accountId: string, page: Page, options: HomeOptions, authors: string[] | null): Promise<TimelineEntry[]> {
    if (page.limit <= 0) return [];
    const o = this.objects.o;
    const account = await this.coll(COLLECTIONS.actors).findOne({ _id: accountId }, { ...o, projection: { _id: 1, uri: 1, domain: 1 } });
    // Remote accounts have no home (SQLite's triggers only write for local followers and local posts).
    if (!account || account.domain !== null) return [];
    const followeeIds = (await this.coll(COLLECTIONS.follows)
      .find({ followerId: accountId, state: 'accepted' }, { ...o, projection: { _id: 0, followeeId: 1 } }).toArray())
      .map((d) => d.followeeId as string)
      .filter((id) => !authors || authors.includes(id));
    if (authors && followeeIds.length === 0) return [];
    const own = !authors;
    const agencyAuthorIds = own && options.agencyId && options.agencyId !== accountId ? await this.agencyAuthors(accountId, options.agencyId) : [];
    const p = pageFilter(page);
    const posts = (await this.objects.all(homePostsFilter({ id: accountId, uri: account.uri as string }, followeeIds, page, agencyAuthorIds, own), { sort: p.sort, limit: page.limit }))
      .map((object): TimelineEntry => ({ id: object.id, object, reblog: null }));
    const boosts: TimelineEntry[] = [];
    const batchSize = page.limit * 2;
    let cursor: Page = { ...page };
    for (let round = 0; round < 5 && boosts.length < page.limit; round++) {
      const batch = await this.activities.all(homeBoostsFilter(accountId, followeeIds, cursor, agencyAuthorIds, own), { sort: p.sort, limit: batchSize });
      const boosted = await this.boosted(batch);
      for (const reblog of batch) {
        const object = reblog.objectUri ? boosted.get(reblog.objectUri) : undefined;
        if (object) boosts.push({ id: reblog.id, object, reblog });
      }
      if (batch.length < batchSize) break;
      const last = batch.at(-1)!.id;
      // Past the last post of a full page: no later boost can enter it.
      const lastPost = posts.at(-1);
      if (posts.length >= page.limit && lastPost && (p.ascending ? compareIds(last, lastPost.id) > 0 : compareIds(last, lastPost.id) < 0)) break;
      cursor = pageAfter(cursor, last, p.ascending);
    }
    const out = mergeEntries(posts, boosts, page.limit, p.ascending);
    return p.ascending ? out.reverse() : out;
  }

  /** The agency and its accepted followees, less the authors the account left out of its agency feed. */
  private async agencyAuthors(accountId: string, agencyId: string): Promise<string[]> {
    const o = this.objects.o;
    const followees = (await this.coll(COLLECTIONS.follows)
      .find({ followerId: agencyId, state: 'accepted' }, { ...o, projection: { _id: 0, followeeId: 1 } }).toArray())
      .map((d) => d.followeeId as string);
    const hidden = new Set((await this.coll(COLLECTIONS.agencyFeedHidden)
      .find({ accountId }, { ...o, projection: { _id: 0, authorId: 1 } }).toArray()).map((d) => d.authorId as string));
    return [agencyId, ...followees].filter((id) => !hidden.has(id));
  }

  /**
   * Suspended actors and actors of silenced domains, read at every request (an index on
   * suspendedAt, one on domain) so a suspension applies at once: no derived field to go stale.
   */
  private async excludedAuthors(filter: PublicFilter): Promise<string[]> {
    const docs = await this.coll(COLLECTIONS.actors).find(excludedAuthorsFilter(filter), { ...this.objects.o, projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  /**
   * SQLite decides "no replies to others" with a correlated EXISTS on the parent; here the
   * candidates' parents are read per batch and replies to others dropped, reading on until the
   * page is full or the timeline ends.
   */
  async publicTimeline(filter: PublicFilter, page: Page): Promise<StoredObject[]> {
    if (page.limit === 0) return [];
    const excluded = await this.excludedAuthors(filter);
    const p = pageFilter(page);
    const out: StoredObject[] = [];
    const batchSize = page.limit > 0 ? page.limit * 2 : -1;
    let cursor: Page = { ...page };
    for (;;) {
      const batch = await this.objects.all(publicFilter(filter, excluded, cursor), { sort: p.sort, limit: batchSize });
      const parentUris = [...new Set(batch.map((o) => o.inReplyToUri).filter((u): u is string => u !== null))];
      const parents = parentUris.length
        ? await this.objects.c.find({ uri: { $in: parentUris } }, { ...this.objects.o, projection: { _id: 0, uri: 1, actorId: 1 } }).toArray()
        : [];
      const parentAuthor = new Map(parents.map((d) => [d.uri as string, d.actorId as string]));
      for (const o of batch) {
        if (page.limit > 0 && out.length >= page.limit) break;
        if (keepInPublic(o, parentAuthor)) out.push(o);
      }
      if (batchSize < 0 || batch.length < batchSize || out.length >= page.limit) break;
      cursor = pageAfter(cursor, batch.at(-1)!.id, p.ascending);
    }
    return p.ascending ? out.reverse() : out;
  }

  /** SQLite unions two index ranges (own direct posts, object_mentions); here one $or over the derived mentionHrefs. */
  async directFor(actor: { id: string; uri: string }, page: Page): Promise<StoredObject[]> {
    const p = pageFilter(page);
    const rows = await this.objects.all(directForFilter(actor, page), { sort: p.sort, limit: page.limit });
    return p.ascending ? rows.reverse() : rows;
  }

  /** Erasure: what SQLite deletes in five statements, in one transaction (joins the caller's). */
  forgetAccount(actorId: string, limit?: number) {
    return this.ctx.atomically(async (ctx) => {
      const c = (name: string) => ctx.db.collection<Doc>(name);
      const o = ctx.session ? { session: ctx.session } : {};
      // No home_feed collection here: homes are computed when read.
      const parts: Array<[string, Record<string, unknown>]> = [
        [COLLECTIONS.bookmarks, { actorId }],
        [COLLECTIONS.idempotencyKeys, { actorId }],
        [COLLECTIONS.postSubscriptions, { $or: [{ followerId: actorId }, { followeeId: actorId }] }],
        [COLLECTIONS.notifications, { $or: [{ accountId: actorId }, { fromActorId: actorId }] }],
        [COLLECTIONS.listMembers, { actorId }],
      ];
      let removed = 0;
      for (const [name, filter] of parts) {
        const left = limit === undefined ? undefined : limit - removed;
        if (left !== undefined && left <= 0) break;
        removed += await deleteSome(c(name), filter, o, left);
      }
      return removed;
    });
  }

  /**
   * SQLite's searchPosts: the candidates by the multikey searchTokens index, newest first, then
   * their authors (not suspended; indexable for others' public posts), read in rounds of 100 (at
   * most 10) until offset + limit are found.
   */
  async searchPosts(q: PostSearchQuery): Promise<StoredObject[]> {
    if (q.words.length === 0 || q.limit <= 0) return [];
    const want = q.offset + q.limit;
    const out: StoredObject[] = [];
    let beforeId: string | undefined;
    for (let round = 0; round < 10 && out.length < want; round++) {
      const batch = await this.objects.all(postSearchFilter(q, beforeId), { sort: { _id: -1 }, limit: 100 });
      if (batch.length === 0) break;
      const authorIds = [...new Set(batch.map((o) => o.actorId))];
      const authors = new Map((await this.coll(COLLECTIONS.actors)
        .find({ _id: { $in: authorIds } }, { ...this.objects.o, projection: { _id: 1, indexable: 1, suspendedAt: 1 } }).toArray())
        .map((a) => [a._id, a]));
      for (const o of batch) {
        const a = authors.get(o.actorId);
        if (!a || a.suspendedAt) continue;
        const mentioned = mentionHrefsOf(o.data).includes(q.viewer.uri);
        if (o.actorId === q.viewer.id || mentioned || (o.visibility === 'public' && a.indexable)) out.push(o);
      }
      if (batch.length < 100) break;
      beforeId = batch.at(-1)!.id;
    }
    return out.slice(q.offset, want);
  }

  async tagTimeline(tag: string, filter: PublicFilter, page: Page): Promise<StoredObject[]> {
    const excluded = await this.excludedAuthors(filter);
    const p = pageFilter(page);
    const rows = await this.objects.all(tagFilter(tag, filter, excluded, page), { sort: p.sort, limit: page.limit });
    return p.ascending ? rows.reverse() : rows;
  }

  async searchTags(prefix: string, limit: number): Promise<string[]> {
    const pipeline = searchTagsPipeline(prefix, limit);
    if (!pipeline || limit === 0) return [];
    const rows = await this.objects.c.aggregate<{ _id: string }>(limit > 0 ? pipeline : pipeline.slice(0, -1), this.objects.o).toArray();
    return rows.map((r) => r._id);
  }

  getReblog(id: string) {
    return this.activities.get({ _id: id, type: 'Announce' });
  }

  async repliesTo(uris: string[], limit: number) {
    if (uris.length === 0) return [];
    return this.objects.all({ ...SHAPES.repliesToAny.filter([...uris]), deletedAt: null, type: { $in: [...POST_TYPES] } }, { sort: { _id: 1 }, limit });
  }

  async facts(objects: Array<Pick<StoredObject, 'id' | 'uri' | 'inReplyToUri'>>, viewerId: string | null): Promise<StatusFacts[]> {
    const out: StatusFacts[] = [];
    for (let i = 0; i < objects.length; i += MAX_BATCH) {
      const chunk = objects.slice(i, i + MAX_BATCH);
      const uris = [...new Set(chunk.map((o) => o.uri))];
      const ids = [...new Set(chunk.map((o) => o.id))];
      const parentUris = [...new Set(chunk.map((o) => o.inReplyToUri).filter((u): u is string => !!u))];
      const o = this.objects.o;
      // Each read a $in on an index's leading fields (objects_uri, objects_in_reply_to,
      // activities_object, bookmarks_pair, status_pins_pair), issued together: one round of
      // parallel queries per page, whatever its length.
      const [parents, replies, reactions, mine, bookmarked, pinned] = await Promise.all([
        parentUris.length ? this.objects.c.find({ uri: { $in: parentUris } }, { ...o, projection: { uri: 1, actorId: 1 } }).toArray() : [],
        this.objects.c.aggregate<{ _id: string; n: number }>([
          { $match: { ...SHAPES.repliesToAny.filter(uris), deletedAt: null, visibility: { $in: ['public', 'unlisted'] } } },
          { $group: { _id: '$inReplyToUri', n: { $sum: 1 } } },
        ], o).toArray(),
        this.activities.c.aggregate<{ _id: { uri: string; type: string }; n: number }>([
          { $match: SHAPES.activitiesOfObjects.filter(uris, ['Announce', 'Like']) },
          { $group: { _id: { uri: '$objectUri', type: '$type' }, n: { $sum: 1 } } },
        ], o).toArray(),
        viewerId ? this.activities.c.find({ ...SHAPES.activitiesOfObjects.filter(uris, ['Announce', 'Like']), actorId: viewerId }, { ...o, projection: { objectUri: 1, type: 1 } }).toArray() : [],
        viewerId ? this.bookmarks.c.find({ actorId: viewerId, objectId: { $in: ids } }, { ...o, projection: { objectId: 1 } }).toArray() : [],
        viewerId ? this.coll(COLLECTIONS.statusPins).find({ accountId: viewerId, statusId: { $in: ids } }, { ...o, projection: { statusId: 1 } }).toArray() : [],
      ]);
      const parentOf = new Map(parents.map((p) => [String(p.uri), { id: String(p._id), actorId: String(p.actorId) }]));
      const replyCount = new Map(replies.map((r) => [r._id, r.n]));
      const reactionCount = new Map(reactions.map((r) => [`${r._id.type} ${r._id.uri}`, r.n]));
      const marks = new Set(mine.map((a) => `${String(a.type)} ${String(a.objectUri)}`));
      const bookmarkedIds = new Set(bookmarked.map((b) => String(b.objectId)));
      const pinnedIds = new Set(pinned.map((p) => String(p.statusId)));
      for (const obj of chunk) {
        const parent = obj.inReplyToUri ? parentOf.get(obj.inReplyToUri) : undefined;
        out.push({
          objectId: obj.id, parentId: parent?.id ?? null, parentActorId: parent?.actorId ?? null,
          replies: replyCount.get(obj.uri) ?? 0, reblogs: reactionCount.get(`Announce ${obj.uri}`) ?? 0, favourites: reactionCount.get(`Like ${obj.uri}`) ?? 0,
          favourited: marks.has(`Like ${obj.uri}`), reblogged: marks.has(`Announce ${obj.uri}`), bookmarked: bookmarkedIds.has(obj.id), pinned: pinnedIds.has(obj.id),
        });
      }
    }
    return out;
  }

  countReplies(uri: string) {
    return this.objects.count({ ...SHAPES.repliesTo.filter(uri), deletedAt: null, visibility: { $in: ['public', 'unlisted'] } });
  }

  async reactions(objectUri: string, type: 'Like' | 'Announce', page: Page) {
    const p = pageFilter(page);
    const rows = await this.activities.all({ ...SHAPES.activitiesOfObject.filter(objectUri, type), ...p.filter }, { sort: p.sort, limit: page.limit });
    return p.ascending ? rows.reverse() : rows;
  }

  /** INSERT OR IGNORE on (actor, object): an upsert that only inserts, so a transaction is never aborted by it. */
  async addBookmark(b: Bookmark) {
    const { _id, actorId, objectId, ...rest } = this.bookmarks.toDoc(b);
    await withConflict(this.bookmarks.spec.name, () =>
      this.bookmarks.c.updateOne({ actorId, objectId }, { $setOnInsert: { _id, ...rest } }, { ...this.bookmarks.o, upsert: true }));
  }
  async removeBookmark(actorId: string, objectId: string) {
    return (await this.bookmarks.c.deleteOne({ actorId, objectId }, this.bookmarks.o)).deletedCount > 0;
  }
  async isBookmarked(actorId: string, objectId: string) {
    return (await this.bookmarks.c.findOne({ actorId, objectId }, { ...this.bookmarks.o, projection: { _id: 1 } })) !== null;
  }
  async listBookmarks(actorId: string, page: Page) {
    const p = pageFilter(page);
    const rows = await this.bookmarks.all({ actorId, ...p.filter }, { sort: p.sort, limit: page.limit });
    return p.ascending ? rows.reverse() : rows;
  }

  saveVersion(v: StatusVersion) {
    return this.versions.insert(v);
  }
  listVersions(objectId: string) {
    return this.versions.all({ objectId }, { sort: { _id: 1 } });
  }

  async findIdempotent(actorId: string, key: string, notBefore: string) {
    return (await this.idempotency.get({ _id: idempotencyKey(actorId, key), createdAt: { $gte: notBefore } }))?.objectId;
  }
  /** ON CONFLICT (actor_id, key) DO UPDATE: an upsert on the composite `_id`. */
  async rememberIdempotent(actorId: string, key: string, objectId: string, at: string) {
    const { _id, ...fields } = this.idempotency.toDoc({ actorId, key, objectId, createdAt: at });
    await this.idempotency.c.updateOne({ _id }, { $set: fields }, { ...this.idempotency.o, upsert: true });
  }
}
