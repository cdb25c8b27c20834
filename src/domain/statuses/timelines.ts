import { MAX_MEMBERS_READ } from '../lists/lists.js';
import type { Actor, Page, StoredObject, TimelineEntry, UserList } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { agencyFeedOptions } from '../follows/agency-feed.js';
import { queueBackfill } from '../../activitypub/fetch/backfill.js';
import { pinnedStatuses } from '../relations/relations.js';
import { canSee } from './access.js';

const compareIds = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

/**
 * Home: the viewer's own posts and boosts and those of the accounts they follow (local and
 * remote), private posts included since the viewer is a follower, and the agency feed: the public
 * posts of the agency and of whom it follows (domain/follows/agency-feed.ts). The store keeps it materialized.
 */
export async function homeTimeline(deps: Pick<Deps, 'store' | 'config'>, viewer: Actor, page: Page, userId?: string): Promise<{ entries: TimelineEntry[]; read: string[] }> {
  const [raw, hidden] = await Promise.all([
    agencyFeedOptions(deps, viewer).then((options) => deps.store.statuses.home(viewer.id, page, options)),
    exclusiveMembers(deps, viewer, userId),
  ]);
  // Exclusive lists (Mastodon 4.2): their members' posts and boosts show in the list, not in home.
  const entries = hidden.size ? raw.filter((e) => !hidden.has(e.reblog?.actorId ?? e.object.actorId)) : raw;
  return { entries, read: raw.map((e) => e.id) };
}

/** The accounts on the viewer's exclusive lists (`userId`: the viewer's login, when the caller has it at hand). */
export async function exclusiveMembers(deps: Pick<Deps, 'store'>, viewer: Actor, userId?: string): Promise<Set<string>> {
  const id = userId ?? (await deps.store.users.getByActorId(viewer.id))?.id;
  if (!id) return new Set();
  const lists = (await deps.store.lists.listForUser(id)).filter((l) => l.exclusive);
  const out = new Set<string>();
  for (const l of lists) for (const id of await deps.store.lists.memberIds(l.id, MAX_MEMBERS_READ)) out.add(id);
  return out;
}

/**
 * A list's timeline: the members' entries of the owner's home (SQLite reads home_feed by author),
 * then the list's replies policy, as Mastodon's FeedManager applies it: a reply to oneself always
 * stays (and one to the owner); `none` drops other replies, `list` keeps replies to members,
 * `followed` replies to accounts the owner follows. `read` are the ids the store answered, for
 * the Link header (filtering may make a page shorter than the limit without it being the last).
 */
export async function listTimeline(deps: Pick<Deps, 'store'>, viewer: Actor, list: UserList, page: Page): Promise<{ entries: TimelineEntry[]; read: string[] }> {
  const members = await deps.store.lists.memberIds(list.id, MAX_MEMBERS_READ);
  const raw = await deps.store.statuses.listFeed(viewer.id, members, page);
  const memberSet = new Set(members);
  const entries: TimelineEntry[] = [];
  for (const e of raw) {
    if (e.reblog || !e.object.inReplyToUri) {
      entries.push(e);
      continue;
    }
    const parent = await deps.store.objects.getByUri(e.object.inReplyToUri);
    const to = parent?.actorId;
    let keep = to === e.object.actorId || to === viewer.id;
    if (!keep && to && list.repliesPolicy === 'list') keep = memberSet.has(to);
    if (!keep && to && list.repliesPolicy === 'followed') keep = (await deps.store.follows.getByPair(viewer.id, to))?.state === 'accepted';
    if (keep) entries.push(e);
  }
  return { entries, read: raw.map((e) => e.id) };
}

/** An account's statuses as the viewer may see them (private ones for the author and followers). */
export async function accountTimeline(deps: Pick<Deps, 'store' | 'now' | 'config'>, viewer: Actor | null, account: Actor, page: Page, options: { excludeReplies?: boolean; excludeReblogs?: boolean }): Promise<TimelineEntry[]> {
  // Mastodon's AccountStatusesFilter: an account that blocks the viewer shows them nothing.
  if (viewer && viewer.id !== account.id && (await deps.store.relations.getBlock(account.id, viewer.id))) return [];
  let visibilities: Array<'public' | 'unlisted' | 'private' | 'direct'> = ['public', 'unlisted'];
  if (viewer?.id === account.id) visibilities = ['public', 'unlisted', 'private', 'direct'];
  else if (viewer && (await deps.store.follows.getByPair(viewer.id, account.id))?.state === 'accepted') visibilities = ['public', 'unlisted', 'private'];
  const entries = await deps.store.statuses.byActors([account.id], page, { visibilities, withoutReplies: options.excludeReplies, withoutReblogs: options.excludeReblogs });
  // A staff member opens a remote agency we hold nothing of: read its earlier public posts (a bounded job, once).
  if (entries.length === 0 && viewer?.domain === null && account.domain !== null && account.type === 'Organization' && !page.maxId && !page.minId && !page.sinceId && !account.suspendedAt) {
    await queueBackfill(deps, deps.store, account, 'profile', account.uri);
  }
  return entries;
}

export type Origin = 'all' | 'local' | 'remote';

/** Silenced domains keep their content out of public timelines (docs: `samspil domain block --silence`). */
async function silencedDomains(deps: Pick<Deps, 'store'>): Promise<string[]> {
  return (await deps.store.domainPolicies.list()).filter((p) => p.action === 'silence').map((p) => p.domain);
}

export async function publicTimeline(deps: Pick<Deps, 'store'>, origin: Origin, page: Page): Promise<StoredObject[]> {
  return deps.store.statuses.publicTimeline({ origin, excludeDomains: origin === 'local' ? [] : await silencedDomains(deps) }, page);
}

export async function tagTimeline(deps: Pick<Deps, 'store'>, tag: string, origin: Origin, page: Page): Promise<StoredObject[]> {
  return deps.store.statuses.tagTimeline(tag, { origin, excludeDomains: origin === 'local' ? [] : await silencedDomains(deps) }, page);
}

/**
 * `GET /api/v1/accounts/:id/statuses?pinned=true`: the account's pinned posts the viewer may see,
 * newest first by status id and paged by it, as Mastodon's pinned scope.
 */
export async function pinnedTimeline(deps: Pick<Deps, 'store'>, viewer: Actor | null, account: Actor, page: Page): Promise<TimelineEntry[]> {
  if (viewer && viewer.id !== account.id && (await deps.store.relations.getBlock(account.id, viewer.id))) return [];
  const out: TimelineEntry[] = [];
  for (const object of await pinnedStatuses(deps, account)) {
    if (page.maxId && compareIds(object.id, page.maxId) >= 0) continue;
    const lower = page.minId ?? page.sinceId;
    if (lower && compareIds(object.id, lower) <= 0) continue;
    if (await canSee(deps, viewer, object)) out.push({ id: object.id, object, reblog: null });
  }
  out.sort((a, b) => compareIds(b.id, a.id));
  return out.slice(0, page.limit);
}
