import type { Actor, HomeOptions, StoredObject, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';

/**
 * The agency feed (docs/mastodon-api.md, "The agency feed"): every local account's home timeline
 * also shows what its agency's home holds in public — the agency's own posts and solutions and
 * those of the agencies (and people) it follows — except authors the account left out by
 * unfollowing them. Read at request time from the agency's one materialized home, so following an
 * agency reaches every staff member at once and nothing is copied per person.
 */

async function agencyOf(deps: Pick<Deps, 'store' | 'config'>, store: Store = deps.store): Promise<Actor | undefined> {
  const agency = await store.actors.getByUsername(deps.config.instance.agencyUsername, null);
  return agency && !agency.suspendedAt ? agency : undefined;
}

/** What a local account's home takes in besides its own follows; nothing for the agency itself or a remote actor. */
export async function agencyFeedOptions(deps: Pick<Deps, 'store' | 'config'>, viewer: Actor): Promise<HomeOptions> {
  if (viewer.domain !== null || viewer.type === 'Application') return {};
  const agency = await agencyOf(deps);
  return agency && agency.id !== viewer.id ? { agencyId: agency.id } : {};
}

/**
 * Whether a post (or a boost, by `authorId` the booster) shows in the viewer's home: their own, of
 * whom they follow, or through the agency feed (public or unlisted, from the agency or whom it
 * follows, not left out). The streaming API asks this for the user stream, as home reads it.
 */
export async function reachesHome(deps: Pick<Deps, 'store' | 'config'>, viewer: Actor, authorId: string, object: Pick<StoredObject, 'visibility'>, boost: boolean): Promise<boolean> {
  if (authorId === viewer.id) return true;
  if ((await deps.store.follows.getByPair(viewer.id, authorId))?.state === 'accepted') return true;
  const { agencyId } = await agencyFeedOptions(deps, viewer);
  if (!agencyId) return false;
  if (!boost && object.visibility !== 'public' && object.visibility !== 'unlisted') return false;
  if (authorId !== agencyId && (await deps.store.follows.getByPair(agencyId, authorId))?.state !== 'accepted') return false;
  return !(await deps.store.agencyFeed.isHidden(viewer.id, authorId));
}

/**
 * A staff member unfollowed `target`: when the agency follows it (accepted or pending), its posts
 * would keep arriving through the agency feed, so they are left out of this person's home too —
 * the unfollow does what the person meant. `store` is the unfollow's transaction.
 */
export async function afterStaffUnfollow(deps: Pick<Deps, 'store' | 'config' | 'now'>, store: Store, follower: Actor, target: Actor): Promise<void> {
  if (follower.domain !== null) return;
  const agency = await agencyOf(deps, store);
  if (!agency || agency.id === follower.id) return;
  if (await store.follows.getByPair(agency.id, target.id)) await store.agencyFeed.hide({ accountId: follower.id, authorId: target.id, createdAt: deps.now().toISOString() });
}

/** Following `target` again (or at all) brings it back into the agency feed of this person's home. */
export async function afterStaffFollow(store: Store, follower: Actor, target: Actor): Promise<void> {
  if (follower.domain === null) await store.agencyFeed.show(follower.id, target.id);
}
