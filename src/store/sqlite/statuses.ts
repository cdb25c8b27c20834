import type { Database } from 'better-sqlite3';
import type { StatusFacts, HomeOptions, IdempotencyRecord, PostSearchQuery, PublicFilter, StatusVersion, Bookmark, FeedOptions, Page, StatusRepository, StoredActivity, StoredObject, TimelineEntry } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';
import { MAX_BATCH } from '../port/actors.js';
import { compareIds, pageSql } from './paging.js';

const POST_TYPES = `type IN ('Note', 'Article')`;

/** Authors a public timeline leaves out: suspended accounts and accounts on silenced domains. */
function authorFilter(column: string, filter: PublicFilter): { sql: string; params: string[] } {
  const domains = filter.excludeDomains ?? [];
  return {
    sql: `AND NOT EXISTS (SELECT 1 FROM actors author WHERE author.id = ${column} AND (author.suspended_at IS NOT NULL${domains.map(() => ' OR author.domain = ? OR author.domain LIKE ?').join('')}))`,
    params: domains.flatMap((d) => [d, `%.${d}`]),
  };
}

export class SqliteStatuses implements StatusRepository {
  private readonly objects: Table<StoredObject>;
  private readonly activities: Table<StoredActivity>;
  readonly bookmarks: Table<Bookmark>;
  readonly versions: Table<StatusVersion>;
  /** Read and written with its own statements below; the Table is for copies between stores. */
  readonly idempotency: Table<IdempotencyRecord>;
  constructor(private readonly db: Database, private readonly run: Runner) {
    this.objects = new Table<StoredObject>(db, 'objects', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
      visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
    });
    this.activities = new Table<StoredActivity>(db, 'activities', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', objectUri: 'text', local: 'bool', public: 'bool', createdAt: 'text', data: 'json',
    });
    this.bookmarks = new Table<Bookmark>(db, 'bookmarks', { id: 'text', actorId: 'text', objectId: 'text', createdAt: 'text' });
    this.versions = new Table<StatusVersion>(db, 'status_versions', { id: 'text', objectId: 'text', text: 'text', spoilerText: 'text', sensitive: 'bool', content: 'text', createdAt: 'text' });
    this.idempotency = new Table<IdempotencyRecord>(db, 'status_idempotency', { actorId: 'text', key: 'text', objectId: 'text', createdAt: 'text' });
  }

  /**
   * Per actor, at most `limit` candidate ids from the (actor_id, id) indexes, merged and cut to
   * `limit`: the cost grows with the number of actors and the page size, never with the table.
   */
  byActors(actorIds: string[], page: Page, options: FeedOptions): Promise<TimelineEntry[]> {
    return this.run(() => {
      const p = pageSql('id', page);
      const vis = options.visibilities.map(() => '?').join(', ');
      const posts = this.objects.stmt(`SELECT id FROM objects WHERE actor_id = ? AND deleted_at IS NULL AND ${POST_TYPES} AND visibility IN (${vis})
        ${options.withoutReplies ? 'AND in_reply_to_uri IS NULL' : ''} AND ${p.where} ORDER BY ${p.order} LIMIT ?`);
      const boosts = this.activities.stmt(`SELECT id FROM activities WHERE actor_id = ? AND type = 'Announce' AND ${p.where} ORDER BY ${p.order} LIMIT ?`);
      // Boosts whose post is gone or not here yet are skipped, so read a few more than asked.
      const boostLimit = page.limit * 2;
      const candidates: Array<{ id: string; boost: boolean }> = [];
      for (const actorId of new Set(actorIds)) {
        for (const r of posts.all(actorId, ...options.visibilities, ...p.params, page.limit) as { id: string }[]) candidates.push({ id: r.id, boost: false });
        if (!options.withoutReblogs) for (const r of boosts.all(actorId, ...p.params, boostLimit) as { id: string }[]) candidates.push({ id: r.id, boost: true });
      }
      candidates.sort((a, b) => (p.ascending ? compareIds(a.id, b.id) : compareIds(b.id, a.id)));
      const out: TimelineEntry[] = [];
      for (const c of candidates) {
        if (out.length >= page.limit) break;
        if (!c.boost) {
          const object = this.objects.get('id = ?', c.id)!;
          out.push({ id: object.id, object, reblog: null });
          continue;
        }
        const reblog = this.activities.get('id = ?', c.id)!;
        const object = reblog.objectUri ? this.objects.get(`uri = ? AND deleted_at IS NULL AND ${POST_TYPES} AND visibility IN ('public', 'unlisted')`, reblog.objectUri) : undefined;
        if (object) out.push({ id: reblog.id, object, reblog });
      }
      return p.ascending ? out.reverse() : out;
    });
  }

  home(accountId: string, page: Page, options: HomeOptions = {}): Promise<TimelineEntry[]> {
    return this.run(() => {
      const p = pageSql('entry_id', page);
      // Prepared per bound: a later round adds a bound the first page may not have had.
      const read = (c: ReturnType<typeof pageSql>) => this.objects.stmt(`SELECT entry_id FROM home_feed WHERE account_id = ? AND ${c.where} ORDER BY ${c.order} LIMIT ?`);
      // The agency's home, less the authors this account left out; its private and direct posts stay the agency's.
      const agency = options.agencyId && options.agencyId !== accountId ? options.agencyId : undefined;
      const readAgency = (c: ReturnType<typeof pageSql>) => this.objects.stmt(`SELECT h.entry_id FROM home_feed h WHERE h.account_id = ? AND ${c.where}
        AND NOT EXISTS (SELECT 1 FROM agency_feed_hidden x WHERE x.account_id = ? AND x.author_id = h.author_id) ORDER BY ${c.order} LIMIT ?`);
      const out: TimelineEntry[] = [];
      const seen = new Set<string>();
      const batch = page.limit * 2;
      // Boosts of posts not (yet) here or since deleted are skipped: read on until the page is full.
      let cursor: Page = { ...page };
      for (let round = 0; round < 5 && out.length < page.limit; round++) {
        const c = pageSql('entry_id', cursor);
        const own = (read(c).all(accountId, ...c.params, batch) as { entry_id: string }[]).map((r) => r.entry_id);
        const ca = pageSql('h.entry_id', cursor);
        const fromAgency = agency ? (readAgency(ca).all(agency, ...ca.params, accountId, batch) as { entry_id: string }[]).map((r) => r.entry_id) : [];
        // Each source read `batch` in order, so the first `batch` of their union are right.
        const mine = new Set(own);
        const ids = [...new Set([...own, ...fromAgency])]
          .sort((a, b) => (p.ascending ? compareIds(a, b) : compareIds(b, a))).slice(0, batch);
        for (const id of ids) {
          if (out.length >= page.limit) break;
          if (seen.has(id)) continue;
          seen.add(id);
          const entry = this.entry(id);
          if (entry && (mine.has(id) || entry.reblog || entry.object.visibility === 'public' || entry.object.visibility === 'unlisted')) out.push(entry);
        }
        if (ids.length < batch) break;
        const last = ids[ids.length - 1]!;
        cursor = p.ascending ? { ...cursor, minId: last, sinceId: undefined } : { ...cursor, maxId: last };
      }
      return p.ascending ? out.reverse() : out;
    });
  }

  /** The account's own home_feed entries by these authors (a list's members), read in rounds as home. */
  listFeed(accountId: string, authorIds: string[], page: Page): Promise<TimelineEntry[]> {
    const authors = [...new Set(authorIds)].filter((id) => id !== accountId);
    if (authors.length === 0 || page.limit <= 0) return Promise.resolve([]);
    return this.run(() => {
      const p = pageSql('entry_id', page);
      const read = (c: ReturnType<typeof pageSql>) => this.objects.stmt(`SELECT entry_id FROM home_feed WHERE account_id = ?
        AND author_id IN (SELECT value FROM json_each(?)) AND ${c.where} ORDER BY ${c.order} LIMIT ?`);
      const out: TimelineEntry[] = [];
      const batch = page.limit * 2;
      let cursor: Page = { ...page };
      for (let round = 0; round < 5 && out.length < page.limit; round++) {
        const c = pageSql('entry_id', cursor);
        const ids = (read(c).all(accountId, JSON.stringify(authors), ...c.params, batch) as { entry_id: string }[]).map((r) => r.entry_id);
        for (const id of ids) {
          if (out.length >= page.limit) break;
          const entry = this.entry(id);
          if (entry) out.push(entry);
        }
        if (ids.length < batch) break;
        const last = ids[ids.length - 1]!;
        cursor = p.ascending ? { ...cursor, minId: last, sinceId: undefined } : { ...cursor, maxId: last };
      }
      return p.ascending ? out.reverse() : out;
    });
  }

  /** A feed entry by id: a post, or a boost of a post that is here and not deleted. */
  private entry(id: string): TimelineEntry | undefined {
    const object = this.objects.get(`id = ? AND deleted_at IS NULL AND ${POST_TYPES}`, id);
    if (object) return { id, object, reblog: null };
    const reblog = this.activities.get(`id = ? AND type = 'Announce'`, id);
    const boosted = reblog?.objectUri ? this.objects.get(`uri = ? AND deleted_at IS NULL AND ${POST_TYPES} AND visibility IN ('public', 'unlisted')`, reblog.objectUri) : undefined;
    return reblog && boosted ? { id, object: boosted, reblog } : undefined;
  }

  publicTimeline(filter: PublicFilter, page: Page): Promise<StoredObject[]> {
    return this.run(() => {
      const p = pageSql('id', page);
      const authors = authorFilter('objects.actor_id', filter);
      const origin = filter.origin === 'all' ? '' : `AND local = ${filter.origin === 'local' ? 1 : 0}`;
      // Mastodon leaves replies to others out of the public timelines (Status.without_replies); threads stay.
      const rows = this.objects.all(`visibility = 'public' AND deleted_at IS NULL ${origin} AND ${POST_TYPES} AND ${p.where}
        AND (in_reply_to_uri IS NULL OR EXISTS (SELECT 1 FROM objects parent WHERE parent.uri = objects.in_reply_to_uri AND parent.actor_id = objects.actor_id))
        ${authors.sql} ORDER BY ${p.order} LIMIT ?`, ...p.params, ...authors.params, page.limit);
      return p.ascending ? rows.reverse() : rows;
    });
  }

  tagTimeline(tag: string, filter: PublicFilter, page: Page): Promise<StoredObject[]> {
    return this.run(() => {
      const p = pageSql('t.object_id', page);
      const authors = authorFilter('o.actor_id', filter);
      const origin = filter.origin === 'all' ? '' : `AND o.local = ${filter.origin === 'local' ? 1 : 0}`;
      const rows = this.objects.stmt(`SELECT o.* FROM object_tags t JOIN objects o ON o.id = t.object_id
        WHERE t.name = ? AND o.visibility = 'public' AND o.deleted_at IS NULL ${origin} AND ${p.where} ${authors.sql} ORDER BY ${p.order} LIMIT ?`)
        .all(tag.toLowerCase().replace(/^#/, ''), ...p.params, ...authors.params, page.limit) as Record<string, unknown>[];
      const objects = rows.map((r) => this.objects.fromRow(r)!);
      return p.ascending ? objects.reverse() : objects;
    });
  }

  directFor(actor: { id: string; uri: string }, page: Page): Promise<StoredObject[]> {
    return this.run(() => {
      const p = pageSql('id', page);
      // Two index ranges (own direct posts; mentions of the actor), merged by id.
      const rows = this.objects.all(`id IN (
          SELECT id FROM objects WHERE actor_id = ? AND visibility = 'direct' AND deleted_at IS NULL AND ${p.where}
          UNION SELECT object_id FROM object_mentions WHERE actor_uri = ? AND ${p.where.replaceAll('id', 'object_id')})
        AND deleted_at IS NULL AND visibility = 'direct' ORDER BY ${p.order} LIMIT ?`, actor.id, ...p.params, actor.uri, ...p.params, page.limit);
      return p.ascending ? rows.reverse() : rows;
    });
  }

  searchTags(prefix: string, limit: number): Promise<string[]> {
    return this.run(() => {
      const lower = prefix.toLowerCase().replace(/^#/, '');
      if (!lower) return [];
      // The primary key (name, object_id) serves the range; '\u{10FFFF}' closes the prefix.
      const rows = this.objects.stmt(`SELECT name, count(*) AS n FROM object_tags WHERE name >= ? AND name < ? GROUP BY name ORDER BY n DESC, name LIMIT ?`)
        .all(lower, `${lower}\u{10FFFF}`, limit) as { name: string }[];
      return rows.map((r) => r.name);
    });
  }

  getReblog(id: string) {
    return this.run(() => this.activities.get(`id = ? AND type = 'Announce'`, id));
  }

  repliesTo(uris: string[], limit: number) {
    if (uris.length === 0) return Promise.resolve([]);
    return this.run(() => this.objects.all(`in_reply_to_uri IN (${uris.map(() => '?').join(', ')}) AND deleted_at IS NULL AND ${POST_TYPES} ORDER BY id LIMIT ?`, ...uris, limit));
  }

  facts(objects: Array<Pick<StoredObject, 'id' | 'uri' | 'inReplyToUri'>>, viewerId: string | null): Promise<StatusFacts[]> {
    if (objects.length === 0) return Promise.resolve([]);
    // One statement per page: each post's parent, counts and the viewer's marks as correlated
    // subqueries over the indexes the single reads use (objects uri and in_reply_to,
    // activities_object, the bookmarks and status_pins pairs).
    const sql = `SELECT
      (SELECT p.id FROM objects p WHERE p.uri = s.value ->> '$[2]') AS parent_id,
      (SELECT p.actor_id FROM objects p WHERE p.uri = s.value ->> '$[2]') AS parent_actor_id,
      (SELECT count(*) FROM objects r WHERE r.in_reply_to_uri = s.value ->> '$[1]' AND r.deleted_at IS NULL AND r.visibility IN ('public', 'unlisted')) AS replies,
      (SELECT count(*) FROM activities a WHERE a.object_uri = s.value ->> '$[1]' AND a.type = 'Announce') AS reblogs,
      (SELECT count(*) FROM activities a WHERE a.object_uri = s.value ->> '$[1]' AND a.type = 'Like') AS favourites,
      (@viewer IS NOT NULL AND EXISTS (SELECT 1 FROM activities a WHERE a.object_uri = s.value ->> '$[1]' AND a.type = 'Like' AND a.actor_id = @viewer)) AS favourited,
      (@viewer IS NOT NULL AND EXISTS (SELECT 1 FROM activities a WHERE a.object_uri = s.value ->> '$[1]' AND a.type = 'Announce' AND a.actor_id = @viewer)) AS reblogged,
      (@viewer IS NOT NULL AND EXISTS (SELECT 1 FROM bookmarks b WHERE b.actor_id = @viewer AND b.object_id = s.value ->> '$[0]')) AS bookmarked,
      (@viewer IS NOT NULL AND EXISTS (SELECT 1 FROM status_pins sp WHERE sp.account_id = @viewer AND sp.status_id = s.value ->> '$[0]')) AS pinned
      FROM json_each(@list) s ORDER BY s.key`;
    type Row = { parent_id: string | null; parent_actor_id: string | null; replies: number; reblogs: number; favourites: number; favourited: number; reblogged: number; bookmarked: number; pinned: number };
    return this.run(() => {
      const out: StatusFacts[] = [];
      for (let i = 0; i < objects.length; i += MAX_BATCH) {
        const chunk = objects.slice(i, i + MAX_BATCH);
        const rows = this.objects.stmt(sql).all({ viewer: viewerId, list: JSON.stringify(chunk.map((o) => [o.id, o.uri, o.inReplyToUri])) }) as Row[];
        rows.forEach((r, k) => out.push({
          objectId: chunk[k]!.id, parentId: r.parent_id, parentActorId: r.parent_actor_id, replies: r.replies, reblogs: r.reblogs, favourites: r.favourites,
          favourited: !!r.favourited, reblogged: !!r.reblogged, bookmarked: !!r.bookmarked, pinned: !!r.pinned,
        }));
      }
      return out;
    });
  }

  countReplies(uri: string) {
    return this.run(() => this.objects.count(`in_reply_to_uri = ? AND deleted_at IS NULL AND visibility IN ('public', 'unlisted')`, uri));
  }

  reactions(objectUri: string, type: 'Like' | 'Announce', page: Page) {
    return this.run(() => {
      const p = pageSql('id', page);
      const rows = this.activities.all(`object_uri = ? AND type = ? AND ${p.where} ORDER BY ${p.order} LIMIT ?`, objectUri, type, ...p.params, page.limit);
      return p.ascending ? rows.reverse() : rows;
    });
  }

  addBookmark(b: Bookmark) {
    return this.run(() => {
      this.bookmarks.stmt('INSERT OR IGNORE INTO bookmarks (id, actor_id, object_id, created_at) VALUES (?, ?, ?, ?)').run(b.id, b.actorId, b.objectId, b.createdAt);
    });
  }
  removeBookmark(actorId: string, objectId: string) {
    return this.run(() => this.bookmarks.stmt('DELETE FROM bookmarks WHERE actor_id = ? AND object_id = ?').run(actorId, objectId).changes > 0);
  }
  isBookmarked(actorId: string, objectId: string) {
    return this.run(() => this.bookmarks.count('actor_id = ? AND object_id = ?', actorId, objectId) > 0);
  }
  listBookmarks(actorId: string, page: Page) {
    return this.run(() => {
      const p = pageSql('id', page);
      const rows = this.bookmarks.all(`actor_id = ? AND ${p.where} ORDER BY ${p.order} LIMIT ?`, actorId, ...p.params, page.limit);
      return p.ascending ? rows.reverse() : rows;
    });
  }

  saveVersion(v: StatusVersion) {
    return this.run(() => this.versions.insert(v));
  }
  listVersions(objectId: string) {
    return this.run(() => this.versions.all('object_id = ? ORDER BY id', objectId));
  }

  forgetAccount(actorId: string, limit?: number) {
    return this.run(() => {
      let left = deleteLimit(limit);
      let removed = 0;
      for (const sql of [
        'DELETE FROM bookmarks WHERE actor_id = @id',
        'DELETE FROM home_feed WHERE account_id = @id',
        'DELETE FROM status_idempotency WHERE actor_id = @id',
        'DELETE FROM post_subscriptions WHERE follower_id = @id OR followee_id = @id',
        'DELETE FROM notifications WHERE account_id = @id OR from_actor_id = @id',
        'DELETE FROM list_members WHERE actor_id = @id',
      ]) {
        if (left === 0) break;
        const n = this.db.prepare(`${sql} LIMIT @limit`).run({ id: actorId, limit: left }).changes;
        removed += n;
        if (left > 0) left -= n;
      }
      return removed;
    });
  }

  searchPosts(q: PostSearchQuery): Promise<StoredObject[]> {
    if (q.words.length === 0 || q.limit <= 0) return Promise.resolve([]);
    // Each word a quoted prefix: no FTS5 syntax reaches MATCH from the query.
    const match = q.words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
    return this.run(() => this.objects.all(`rowid IN (SELECT rowid FROM statuses_fts WHERE statuses_fts MATCH @match)
      AND type = 'Note' AND deleted_at IS NULL AND (@author IS NULL OR actor_id = @author)
      AND actor_id IN (SELECT id FROM actors WHERE suspended_at IS NULL)
      AND (actor_id = @viewer
        OR (visibility = 'public' AND actor_id IN (SELECT id FROM actors WHERE indexable = 1))
        OR EXISTS (SELECT 1 FROM json_each(objects.data, '$.tag') t WHERE json_extract(t.value, '$.type') = 'Mention' AND json_extract(t.value, '$.href') = @viewerUri))
      ORDER BY id DESC LIMIT @limit OFFSET @offset`, { match, author: q.authorId ?? null, viewer: q.viewer.id, viewerUri: q.viewer.uri, limit: q.limit, offset: q.offset }));
  }

  findIdempotent(actorId: string, key: string, notBefore: string) {
    return this.run(() => (this.db.prepare('SELECT object_id FROM status_idempotency WHERE actor_id = ? AND key = ? AND created_at >= ?').get(actorId, key, notBefore) as { object_id: string } | undefined)?.object_id);
  }
  rememberIdempotent(actorId: string, key: string, objectId: string, at: string) {
    return this.run(() => {
      this.db.prepare(`INSERT INTO status_idempotency (actor_id, key, object_id, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (actor_id, key) DO UPDATE SET object_id = excluded.object_id, created_at = excluded.created_at`).run(actorId, key, objectId, at);
    });
  }
}
