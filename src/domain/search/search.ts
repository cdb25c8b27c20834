import type { FedDeps } from '../../activitypub/federation.js';
import { fetchAsDocument } from '../../activitypub/fetch/fetch-document.js';
import { fetchRemotePost } from '../../activitypub/fetch/remote-post.js';
import { resolveActor } from '../../activitypub/fetch/remote-actor.js';
import { resolveActorByHandleOrUri } from '../../activitypub/fetch/webfinger.js';
import { POST_TYPES } from '../../activitypub/handlers/note.js';
import type { Actor, StoredObject } from '../../store/port.js';
import { parseAcct, searchAccounts } from '../accounts/directory.js';
import { canSee } from '../statuses/access.js';
import { postSearchWords } from '../../store/port/statuses.js';

export interface SearchQuery {
  q: string;
  type?: 'accounts' | 'statuses' | 'hashtags';
  /** WebFinger and signed fetches for handles and URLs we do not know yet (signed-in users only). */
  resolve: boolean;
  limit: number;
  offset: number;
  /** Statuses of this account only (Mastodon's account_id). */
  accountId?: string;
}

export interface SearchResult {
  accounts: Actor[];
  statuses: StoredObject[];
  hashtags: string[];
}

const ACTOR_TYPES = new Set(['Person', 'Organization', 'Application', 'Service', 'Group']);
const HANDLE = /^@?[a-zA-Z0-9_]+@[a-zA-Z0-9.-]+(:\d+)?$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A URL: ours or known by id or page URL, else (resolve) fetched once and kept as actor or post. */
async function byUrl(fed: FedDeps, viewer: Actor | null, url: string, resolve: boolean): Promise<{ actor?: Actor; object?: StoredObject }> {
  const localStatus = new RegExp(`^${escapeRe(fed.urls.base)}/@[A-Za-z0-9_]+/(\\d+)$`).exec(url);
  const object = (localStatus ? await fed.store.objects.getById(localStatus[1]!) : undefined) ?? (await fed.store.objects.getByUri(url));
  if (object) return { object };
  const username = fed.urls.usernameFromUri(url);
  const actor = username ? await fed.store.actors.getByUsername(username, null) : await fed.store.actors.getByUri(url);
  if (actor) return { actor };
  if (!resolve || !viewer || new URL(url).host.toLowerCase() === fed.urls.host) return {};
  const doc = await fetchAsDocument(fed, url);
  if (POST_TYPES.has(String(doc.type))) return { object: await fetchRemotePost(fed, String(doc.id)) };
  // By the document's id (a profile page URL may answer with the actor); validated as any actor.
  if (ACTOR_TYPES.has(String(doc.type))) return { actor: await resolveActor(fed, String(doc.id)) };
  return {};
}

const MAX_TEXT_OFFSET = 1000;

/**
 * Full-text statuses for a signed-in viewer (Mastodon searches statuses' text only then): solutions
 * first (the catalogue search, every language a solution has, best match first), then posts the
 * viewer may read (their own, ones mentioning them, public ones of indexable accounts; newest
 * first), each once; `offset` and `limit` page the joined list. A solution is shown as its
 * Article status.
 */
async function fullText(fed: FedDeps, viewer: Actor, query: SearchQuery, q: string): Promise<StoredObject[]> {
  const words = postSearchWords(q);
  // Deep offsets are not paged into (Mastodon's search is for finding, not for walking everything).
  if (words.length === 0 || query.offset > MAX_TEXT_OFFSET) return [];
  const window = query.offset + query.limit;
  const out: StoredObject[] = [];
  const seen = new Set<string>();
  const add = async (o: StoredObject | undefined) => {
    if (!o || o.deletedAt || seen.has(o.id) || !(await canSee(fed, viewer, o))) return;
    seen.add(o.id);
    out.push(o);
  };
  // With account_id, a wider read of solutions, kept to that agency's.
  const solutions = await fed.store.solutions.search({ text: words.join(' '), limit: query.accountId ? 200 : window, offset: 0 });
  for (const s of solutions.items) {
    if (out.length >= window) break;
    if (query.accountId && s.actorId !== query.accountId && s.authorId !== query.accountId) continue;
    await add(await fed.store.objects.getById(s.id));
  }
  for (const o of await fed.store.statuses.searchPosts({ words, viewer: { id: viewer.id, uri: viewer.uri }, authorId: query.accountId, limit: window, offset: 0 })) await add(o);
  return out.slice(query.offset, window);
}

/**
 * GET /api/v2/search: `@user@host` and URLs of accounts and posts (resolved through WebFinger and a
 * signed fetch when `resolve` is set), local accounts by name, hashtags by prefix, and for a
 * signed-in viewer statuses and solutions by their text (fullText). What cannot be reached is
 * simply not in the result, as in Mastodon.
 */
export async function search(fed: FedDeps, viewer: Actor | null, query: SearchQuery): Promise<SearchResult> {
  const q = query.q.trim();
  const result: SearchResult = { accounts: [], statuses: [], hashtags: [] };
  if (!q) return result;
  const want = (t: SearchQuery['type']) => !query.type || query.type === t;
  if (/^https?:\/\/\S+$/i.test(q)) {
    let found: { actor?: Actor; object?: StoredObject } = {};
    try {
      found = await byUrl(fed, viewer, q, query.resolve);
    } catch (e) {
      fed.log.info({ err: (e as Error).message }, 'search could not resolve a URL');
    }
    if (found.actor && !found.actor.suspendedAt && want('accounts')) result.accounts.push(found.actor);
    if (found.object && want('statuses') && (await canSee(fed, viewer, found.object))) result.statuses.push(found.object);
    return result;
  }
  if (HANDLE.test(q)) {
    if (!want('accounts')) return result;
    const { username, domain } = parseAcct(fed, q);
    let actor = await fed.store.actors.getByUsername(username, domain);
    if (!actor && domain && query.resolve && viewer) {
      actor = await resolveActorByHandleOrUri(fed, `${username}@${domain}`).catch((e: Error) => {
        fed.log.info({ err: e.message }, 'search could not resolve a handle');
        return undefined;
      });
    }
    if (actor && !actor.suspendedAt) result.accounts.push(actor);
    return result;
  }
  if (want('accounts') && !q.startsWith('#')) result.accounts = (await searchAccounts(fed, q, query.limit + query.offset)).slice(query.offset);
  if (want('hashtags')) result.hashtags = (await fed.store.statuses.searchTags(q.replace(/^#/, ''), query.limit + query.offset)).slice(query.offset);
  if (want('statuses') && viewer) result.statuses = await fullText(fed, viewer, query, q);
  return result;
}
