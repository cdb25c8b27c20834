import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

export interface AccountCounts {
  followers: number;
  following: number;
  statuses: number;
  /** ISO time of the newest status, if any. */
  lastStatusAt: string | null;
}

/** Statuses as Mastodon counts them: posts and boosts. */
const STATUS_TYPES = ['Create', 'Announce'];

/** Accepted follows both ways and the statuses we hold for the actor (all of a local actor's). */
export async function accountCounts(deps: Pick<Deps, 'store'>, actor: Actor): Promise<AccountCounts> {
  const [followers, following, statuses, newest] = await Promise.all([
    deps.store.follows.countFollowers(actor.id, 'accepted'),
    deps.store.follows.countFollowing(actor.id, 'accepted'),
    deps.store.activities.countByActor(actor.id, { types: STATUS_TYPES, publicOnly: false }),
    deps.store.activities.listByActor(actor.id, { types: STATUS_TYPES, publicOnly: false, limit: 1 }),
  ]);
  return { followers, following, statuses, lastStatusAt: newest[0]?.createdAt ?? null };
}

/** Follow requests waiting for this account's decision. */
export function pendingFollowRequests(deps: Pick<Deps, 'store'>, actor: Actor): Promise<number> {
  return deps.store.follows.countFollowers(actor.id, 'pending');
}
