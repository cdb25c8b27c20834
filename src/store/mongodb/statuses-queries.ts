import { SHAPES } from './query-shapes.js';
import type { Document, Filter, Sort } from 'mongodb';
import { postSearchText } from '../port/statuses.js';
import type { Doc } from './collection.js';
import type { NotificationFilter, Page, PostSearchQuery, PublicFilter } from '../port.js';
import { asciiLower, escapeRegex } from './queries.js';

/**
 * Pure builders for the statuses and notifications repositories, kept apart so they are
 * unit-tested without a server (test/store/mongodb-statuses.test.ts). Each mirrors a piece of SQL
 * in ../sqlite/statuses.ts, notifications.ts or paging.ts.
 */

export const POST_TYPES = ['Note', 'Article'] as const;
/** Visibilities a boosted post may have for the boost to be listed. */
export const BOOSTABLE = ['public', 'unlisted'] as const;
/** What a followee's post needs to reach a follower's home without mentioning them. */
export const HOME_VISIBLE = ['public', 'unlisted', 'private'] as const;

// ---- paging ---------------------------------------------------------------------------------

/**
 * Mastodon paging over `_id` as sqlite/paging.ts pageSql: maxId and sinceId bound a newest-first
 * page, minId reads upwards (ascending; the caller reverses). Empty strings are no bound, as there.
 */
export function pageFilter(page: Page, field = '_id'): { filter: Filter<Doc>; sort: Sort; ascending: boolean } {
  const range: Document = {};
  if (page.maxId) range.$lt = page.maxId;
  const lower = page.minId ?? page.sinceId;
  if (lower) range.$gt = lower;
  const ascending = !!page.minId;
  return { filter: Object.keys(range).length ? { [field]: range } : {}, sort: { [field]: ascending ? 1 : -1 }, ascending };
}

/** Ids of equal width compare as text; of unequal width, the longer is the larger (as sqlite/paging.ts). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Moves a page's bound past `lastId`, in the page's direction: the next round of a multi-read page. */
export function pageAfter(page: Page, lastId: string, ascending: boolean): Page {
  return ascending ? { ...page, minId: lastId, sinceId: undefined } : { ...page, maxId: lastId };
}

// ---- derived fields of objects --------------------------------------------------------------

function tagElements(data: unknown): Array<Record<string, unknown>> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const tag = (data as Record<string, unknown>).tag;
  if (!Array.isArray(tag)) return [];
  return tag.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e));
}

/**
 * Hashtag names as the objects_tags_* triggers of migration 011 store them:
 * lower(substr(ltrim(name, '#'), 1, 100)). SQLite's lower() folds ASCII only and substr counts
 * characters (code points), so both are done the same way here; distinct, in document order.
 */
export function tagNamesOf(data: unknown): string[] {
  const out = new Set<string>();
  for (const e of tagElements(data)) {
    if (e.type !== 'Hashtag' || typeof e.name !== 'string') continue;
    const bare = e.name.replace(/^#+/, '');
    if (!bare) continue;
    out.add(asciiLower(Array.from(bare).slice(0, 100).join('')));
  }
  return [...out];
}

/** hrefs of Mention tags: the home_feed_post trigger lets a direct post reach a follower it mentions. */
export function mentionHrefsOf(data: unknown): string[] {
  const out = new Set<string>();
  for (const e of tagElements(data)) if (e.type === 'Mention' && typeof e.href === 'string') out.add(e.href);
  return [...out];
}

/** Fields derived from an object's `data`; only when the record or patch carries `data`. */
export function objectDerived(o: { data?: unknown }): Document {
  if (!('data' in o) || o.data === undefined) return {};
  const data = o.data && typeof o.data === 'object' ? (o.data as Record<string, unknown>) : {};
  return { tagNames: tagNamesOf(o.data), mentionHrefs: mentionHrefsOf(o.data), searchTokens: searchTokensOf(data) };
}

/** SQLite's statuses_fts row (018b) as a multikey field: the post's words, lower-cased. */
export function searchTokensOf(data: Record<string, unknown>): string[] {
  return [...new Set(postSearchText(data).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/**
 * The post search's candidates (Mastodon 4's rule, as SQLite's searchPosts): Notes not deleted
 * whose words begin with every query word, the viewer's own, mentioning them, or public (whether
 * the author is indexable and not suspended is checked by the caller, as it needs the actors).
 */
export function postSearchFilter(q: PostSearchQuery, beforeId?: string): Filter<Doc> {
  return {
    type: 'Note',
    deletedAt: null,
    searchTokens: { $all: q.words.map((w) => new RegExp(`^${escapeRegex(w)}`)) },
    ...(q.authorId ? { actorId: q.authorId } : {}),
    ...(beforeId ? { _id: { $lt: beforeId } } : {}),
    $or: [{ actorId: q.viewer.id }, { mentionHrefs: q.viewer.uri }, { visibility: 'public' }],
  };
}

/** The tag a timeline asks for, normalized as SqliteStatuses.tagTimeline does (one '#' off, toLowerCase). */
export const tagQueryName = (tag: string) => tag.toLowerCase().replace(/^#/, '');

// ---- home --------------------------------------------------------------------------------------

/**
 * The home timeline's posts, computed at read time with the rules the home_feed triggers apply on
 * write: the account's own local posts of any visibility; its accepted followees' posts that are
 * public, unlisted or private, or that mention the account (direct ones). Not deleted, Note/Article.
 */
export function homePostsFilter(account: { id: string; uri: string }, followeeIds: string[], page: Page, agencyAuthorIds: string[] = [], own = true): Filter<Doc> {
  const branches: Filter<Doc>[] = own ? [{ actorId: account.id, local: true }] : [];
  if (followeeIds.length) {
    branches.push({ actorId: { $in: [...followeeIds] }, visibility: { $in: [...HOME_VISIBLE] } });
    branches.push({ actorId: { $in: [...followeeIds] }, mentionHrefs: account.uri });
  }
  // The agency feed (HomeOptions.agencyId): public and unlisted posts only.
  if (agencyAuthorIds.length) branches.push({ actorId: { $in: [...agencyAuthorIds] }, visibility: { $in: [...BOOSTABLE] } });
  return {
    actorId: { $in: [...new Set([...(own ? [account.id] : []), ...followeeIds, ...agencyAuthorIds])] },
    deletedAt: null,
    type: { $in: [...POST_TYPES] },
    $or: branches,
    ...pageFilter(page).filter,
  };
}

/** Boosts in a home: the account's own local Announces and every Announce of its accepted followees. */
export function homeBoostsFilter(accountId: string, followeeIds: string[], page: Page, agencyAuthorIds: string[] = [], own = true): Filter<Doc> {
  const branches: Filter<Doc>[] = own ? [{ actorId: accountId, local: true }] : [];
  const others = [...new Set([...followeeIds, ...agencyAuthorIds])];
  if (others.length) branches.push({ actorId: { $in: others } });
  return {
    actorId: { $in: [...new Set([...(own ? [accountId] : []), ...others])] },
    type: 'Announce',
    $or: branches,
    ...pageFilter(page).filter,
  };
}

/** The post a boost shows: here, not deleted, a Note/Article, public or unlisted. */
export function boostedPostsFilter(uris: string[]): Filter<Doc> {
  return { uri: { $in: [...new Set(uris)] }, deletedAt: null, type: { $in: [...POST_TYPES] }, visibility: { $in: [...BOOSTABLE] } };
}

/**
 * Merges two id-sorted candidate lists of one page. `posts` holds every valid post of the page
 * (up to its limit); `boosts` the valid boosts read so far. Newest first unless ascending.
 */
export function mergeEntries<P extends { id: string }>(a: P[], b: P[], limit: number, ascending: boolean): P[] {
  const all = [...a, ...b].sort((x, y) => (ascending ? compareIds(x.id, y.id) : compareIds(y.id, x.id)));
  return all.slice(0, Math.max(0, limit));
}

// ---- public and tag timelines --------------------------------------------------------------------

/**
 * The actors a public timeline leaves out, as a query on actors (read at request time, so a
 * suspension or a silence applies at once): suspended ones, and those whose domain is a silenced
 * one (SQLite: `domain = d`, case-sensitive) or a subdomain of it (`domain LIKE '%.d'`, ASCII
 * case-insensitive).
 */
export function excludedAuthorsFilter(filter: PublicFilter): Filter<Doc> {
  const domains = filter.excludeDomains ?? [];
  return {
    $or: [
      SHAPES.suspendedActors.filter(),
      ...domains.flatMap((d) => [{ domain: d }, { domain: new RegExp(`^.*\\.${escapeRegex(d)}$`, 'i') }]),
    ],
  };
}

/** Public posts of a public timeline, before the self-reply rule (which needs the parents). */
export function publicFilter(filter: PublicFilter, excludedActorIds: string[], page: Page): Filter<Doc> {
  return {
    visibility: 'public',
    deletedAt: null,
    ...(filter.origin === 'all' ? {} : { local: filter.origin === 'local' }),
    type: { $in: [...POST_TYPES] },
    ...(excludedActorIds.length ? { actorId: { $nin: [...excludedActorIds] } } : {}),
    ...pageFilter(page).filter,
  };
}

/** The tag timeline: every public, not deleted object carrying the tag (no type filter, as SQLite's join). */
export function tagFilter(tag: string, filter: PublicFilter, excludedActorIds: string[], page: Page): Filter<Doc> {
  return {
    tagNames: tagQueryName(tag),
    visibility: 'public',
    deletedAt: null,
    ...(filter.origin === 'all' ? {} : { local: filter.origin === 'local' }),
    ...(excludedActorIds.length ? { actorId: { $nin: [...excludedActorIds] } } : {}),
    ...pageFilter(page).filter,
  };
}

/**
 * Mastodon's rule for public timelines: no replies, except to one's own posts (threads).
 * `parentAuthor` maps a parent uri to its author's id, for the parents that are here.
 */
export function keepInPublic(o: { actorId: string; inReplyToUri: string | null }, parentAuthor: Map<string, string>): boolean {
  return o.inReplyToUri === null || parentAuthor.get(o.inReplyToUri) === o.actorId;
}

/** Known tags starting with the prefix, most used first, then by name (SQLite's GROUP BY ... ORDER BY n DESC, name). */
export function searchTagsPipeline(prefix: string, limit: number): Document[] | null {
  const lower = tagQueryName(prefix);
  if (!lower) return null;
  const range = { $gte: lower, $lt: `${lower}\u{10FFFF}` };
  return [
    { $match: { tagNames: { $elemMatch: range } } },
    { $unwind: '$tagNames' },
    { $match: { tagNames: range } },
    { $group: { _id: '$tagNames', n: { $sum: 1 } } },
    { $sort: { n: -1, _id: 1 } },
    { $limit: limit },
  ];
}

// ---- notifications -----------------------------------------------------------------------------

/** SQLite's unique (account, type, from, ifnull(status_id, '')) needs a non-null field to index. */
export const statusKeyOf = (statusId: string | null | undefined) => statusId ?? '';

export function notificationFilter(accountId: string, f: NotificationFilter): Filter<Doc> {
  const type: Document = {};
  if (f.types?.length) type.$in = [...f.types];
  if (f.excludeTypes?.length) type.$nin = [...f.excludeTypes];
  return {
    accountId,
    ...(Object.keys(type).length ? { type } : {}),
    ...(f.fromActorId ? { fromActorId: f.fromActorId } : {}),
    ...(f.statusId ? { statusKey: statusKeyOf(f.statusId) } : {}),
  };
}

/** The identity `put` is idempotent on. */
export function notificationIdentity(n: { accountId: string; type: string; fromActorId: string; statusId: string | null }): Filter<Doc> {
  return { accountId: n.accountId, type: n.type, fromActorId: n.fromActorId, statusKey: statusKeyOf(n.statusId) };
}

export function removeNotificationsFilter(m: { type: string; fromActorId: string; statusId?: string | null; accountId?: string }): Filter<Doc> {
  return {
    type: m.type,
    fromActorId: m.fromActorId,
    ...(m.statusId !== undefined ? { statusKey: statusKeyOf(m.statusId) } : {}),
    ...(m.accountId !== undefined ? { accountId: m.accountId } : {}),
  };
}

/** Composite keys as one `_id` string, as solution revisions and markers. */
export const idempotencyKey = (actorId: string, key: string) => JSON.stringify([actorId, key]);
export const postSubscriptionKey = (followerId: string, followeeId: string) => JSON.stringify([followerId, followeeId]);

/** Direct posts the actor wrote or is mentioned in (by the derived `mentionHrefs`), not deleted. */
export function directForFilter(actor: { id: string; uri: string }, page: Page): Filter<Doc> {
  return {
    visibility: 'direct', deletedAt: null,
    $or: [{ actorId: actor.id }, { mentionHrefs: actor.uri }],
    ...pageFilter(page).filter,
  };
}
