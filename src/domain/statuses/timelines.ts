import type { Actor, Page, StoredObject, TimelineEntry } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { agencyFeedOptions } from '../follows/agency-feed.js';
import { queueBackfill } from '../../activitypub/fetch/backfill.js';

/**
 * Home: the viewer's own posts and boosts and those of the accounts they follow (local and
 * remote), private posts included since the viewer is a follower, and the agency feed: the public
 * posts of the agency and of whom it follows (domain/follows/agency-feed.ts). The store keeps it materialized.
 */
export async function homeTimeline(deps: Pick<Deps, 'store' | 'config'>, viewer: Actor, page: Page): Promise<TimelineEntry[]> {
  return deps.store.statuses.home(viewer.id, page, await agencyFeedOptions(deps, viewer));
}

/** An account's statuses as the viewer may see them (private ones for the author and followers). */
export async function accountTimeline(deps: Pick<Deps, 'store' | 'now' | 'config'>, viewer: Actor | null, account: Actor, page: Page, options: { excludeReplies?: boolean; excludeReblogs?: boolean }): Promise<TimelineEntry[]> {
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
