import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

export interface AccountCounts {
  followers: number;
  following: number;
  statuses: number;
  /** ISO time of the newest status, if any. */
  lastStatusAt: string | null;
}

/**
 * Accepted follows both ways and the statuses we hold for the actor (posts and boosts, as
 * Mastodon counts them; all of a local actor's), in one store query (actors.countsOf).
 */
export async function accountCounts(deps: Pick<Deps, 'store'>, actor: Actor): Promise<AccountCounts> {
  const [c] = await deps.store.actors.countsOf([actor.id]);
  return { followers: c?.followers ?? 0, following: c?.following ?? 0, statuses: c?.statuses ?? 0, lastStatusAt: c?.lastStatusAt ?? null };
}

/** Counts of several accounts (a list of them) in one store query, by actor id. */
export async function accountCountsOf(deps: Pick<Deps, 'store'>, actors: readonly Actor[]): Promise<Map<string, AccountCounts>> {
  if (!actors.length) return new Map();
  return new Map((await deps.store.actors.countsOf(actors.map((a) => a.id))).map((c) => [c.actorId, c]));
}

/** Follow requests waiting for this account's decision. */
export function pendingFollowRequests(deps: Pick<Deps, 'store'>, actor: Actor): Promise<number> {
  return deps.store.follows.countFollowers(actor.id, 'pending');
}
