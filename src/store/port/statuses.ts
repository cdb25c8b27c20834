import { htmlToPlainText } from '../../html/plain-text.js';
import type { StoredActivity } from './activities.js';
import type { StoredObject } from './objects.js';

/**
 * A page as Mastodon's API asks for it: `maxId`/`sinceId` bound a newest-first page, `minId` asks
 * for the entries right after it (oldest of them first in the store's answer is NOT what is
 * returned: every query answers newest first).
 */
export interface Page {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit: number;
}

/**
 * One timeline entry: a post, or a boost of one. A boost's id is its Announce activity's id, so
 * posts and boosts share one id space and one order.
 */
export interface TimelineEntry {
  id: string;
  object: StoredObject;
  /** The Announce, when this entry is a boost of `object`. */
  reblog: StoredActivity | null;
}

/** What a home timeline takes in besides the account's own follows. */
export interface HomeOptions {
  /**
   * The agency feed: the public and unlisted posts and the boosts in this local actor's home (the
   * agency's: its own posts and those of whom it follows), except those of authors the account
   * left out (AgencyFeedRepository). Merged with the account's own home, each entry once.
   */
  agencyId?: string;
}

export interface FeedOptions {
  /** Leave boosts out (the public and tag timelines, exclude_reblogs). */
  withoutReblogs?: boolean;
  /** Leave replies out (exclude_replies). */
  withoutReplies?: boolean;
  /** Visibilities a post must have to be listed. */
  visibilities: Array<'public' | 'unlisted' | 'private' | 'direct'>;
}

/** One version of a local post as its author wrote it (the first is the original). */
export interface StatusVersion {
  id: string;
  objectId: string;
  /** The source text (what GET /statuses/:id/source and delete-and-redraft give back). */
  text: string;
  spoilerText: string;
  sensitive: boolean;
  /** The HTML rendered from it. */
  content: string;
  createdAt: string;
}

/** Which public posts a public timeline lists. Posts of suspended accounts are never listed. */
export interface PublicFilter {
  origin: 'all' | 'local' | 'remote';
  /** Silenced domains: their accounts' posts (subdomains included) stay out. */
  excludeDomains?: string[];
}

export interface Bookmark {
  id: string;
  actorId: string;
  objectId: string;
  createdAt: string;
}

/** An Idempotency-Key of status creation (its own record kind for copies between stores). */
export interface IdempotencyRecord {
  actorId: string;
  key: string;
  objectId: string;
  createdAt: string;
}

export interface PostSearchQuery {
  /** Lower-cased words (see postSearchWords); empty finds nothing. */
  words: string[];
  viewer: { id: string; uri: string };
  /** Only this author's posts (Mastodon's account_id). */
  authorId?: string;
  limit: number;
  offset: number;
}

/** The query's words, at most 12, as the solutions search takes them. */
export function postSearchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? []).map((w) => w.toLowerCase());
}

/** The text a post is found by: its content as plain text, its content warning, its media descriptions. */
export function postSearchText(data: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const attachments = Array.isArray(data.attachment) ? data.attachment : [];
  return [
    htmlToPlainText(str(data.summary)),
    htmlToPlainText(str(data.content)),
    ...attachments.map((a) => (a && typeof a === 'object' ? str((a as { name?: unknown }).name) : '')),
  ].filter(Boolean).join('\n');
}

/**
 * What a status entity shows beyond its own row, for one viewer: the post it replies to, its
 * counts, and the viewer's marks on it. One per object asked for.
 */
export interface StatusFacts {
  objectId: string;
  /** The object whose uri is the post's inReplyToUri, if we hold it (deleted or not). */
  parentId: string | null;
  parentActorId: string | null;
  /** Not-deleted public and unlisted replies (as countReplies). */
  replies: number;
  /** Announce and Like activities of the post (as activities.countByObject). */
  reblogs: number;
  favourites: number;
  /** The viewer's own Like, Announce, bookmark and pin of it (false without a viewer). */
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  pinned: boolean;
}

/**
 * Reading posts as statuses. Posts are Note and Article objects that are not deleted; boosts are
 * Announce activities whose object is such a post. Every list is newest first.
 */
export interface StatusRepository {
  /**
   * A local account's home timeline: its own posts and boosts and those of the accounts it follows
   * (accepted), public, unlisted and private; direct ones of its own and of followed accounts that
   * mention it (as Mastodon). Must stay fast at millions of objects:
   * SQLite materializes it on write (home_feed, kept by triggers), a page is one index range; an
   * accepted follow brings the followee's recent posts in, an unfollow takes them out.
   */
  home(accountId: string, page: Page, options?: HomeOptions): Promise<TimelineEntry[]>;
  /**
   * A list timeline: the entries of the account's home whose author is one of `authorIds` (the
   * list's members, who are followed), the account's own left out.
   */
  listFeed(accountId: string, authorIds: string[], page: Page): Promise<TimelineEntry[]>;
  /**
   * The posts and boosts of these actors (an account's own timeline), read per actor from an
   * (actor, id) index and merged: fast for a few actors, not meant for hundreds.
   */
  byActors(actorIds: string[], page: Page, options: FeedOptions): Promise<TimelineEntry[]>;
  /** Public posts (no boosts, no replies to others: self-replies stay), all, local only or remote only. */
  publicTimeline(filter: PublicFilter, page: Page): Promise<StoredObject[]>;
  /** Direct posts the actor wrote or is mentioned in (not deleted), newest first. */
  directFor(actor: { id: string; uri: string }, page: Page): Promise<StoredObject[]>;
  /** Public posts carrying the hashtag (name without '#', any case). */
  tagTimeline(tag: string, filter: PublicFilter, page: Page): Promise<StoredObject[]>;
  /** Known hashtag names starting with the prefix (lower case), most used first. */
  searchTags(prefix: string, limit: number): Promise<string[]>;
  /** An Announce by its id. */
  getReblog(id: string): Promise<StoredActivity | undefined>;
  /** Not-deleted posts replying to any of these uris (a thread's next level). */
  repliesTo(uris: string[], limit: number): Promise<StoredObject[]>;
  countReplies(uri: string): Promise<number>;
  /**
   * StatusFacts of each object (one per object given, in the same order) for this viewer, in one
   * query: what rendering a page of statuses would otherwise ask of the store once per post.
   */
  facts(objects: Array<Pick<StoredObject, 'id' | 'uri' | 'inReplyToUri'>>, viewerId: string | null): Promise<StatusFacts[]>;
  /** Who liked or boosted a post: its Like or Announce activities, newest first. */
  reactions(objectUri: string, type: 'Like' | 'Announce', page: Page): Promise<StoredActivity[]>;

  /**
   * Full-text search over Notes (not deleted, of accounts not suspended) that the viewer may read,
   * as Mastodon 4: their own, ones that mention them, and public ones of indexable accounts.
   * Every word must begin a word of the text (case-folded, no diacritics folding, no stemming),
   * newest first.
   */
  searchPosts(query: PostSearchQuery): Promise<StoredObject[]>;

  /** Idempotent: bookmarking twice keeps the first. */
  addBookmark(bookmark: Bookmark): Promise<void>;
  removeBookmark(actorId: string, objectId: string): Promise<boolean>;
  isBookmarked(actorId: string, objectId: string): Promise<boolean>;
  /** Bookmarks newest first; paged by the bookmark's own id. */
  listBookmarks(actorId: string, page: Page): Promise<Bookmark[]>;

  /** Versions of local posts: saved on create and on every edit. */
  saveVersion(version: StatusVersion): Promise<void>;
  /** Oldest first. */
  listVersions(objectId: string): Promise<StatusVersion[]>;

  /**
   * Erasure: the account's bookmarks, home feed, idempotency keys, post subscriptions (both ways)
   * notifications to and from it and its list memberships go. Returns how many records went (all
   * tables together; 0 once nothing is left). `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go.
   */
  forgetAccount(actorId: string, limit?: number): Promise<number>;

  /** The post an earlier request with the same Idempotency-Key made, if not older than `notBefore`. */
  findIdempotent(actorId: string, key: string, notBefore: string): Promise<string | undefined>;
  rememberIdempotent(actorId: string, key: string, objectId: string, at: string): Promise<void>;
}
