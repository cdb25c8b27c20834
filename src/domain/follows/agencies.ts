import { assertActsForAgency } from '../accounts/roles.js';
import type { Actor, Follow } from '../../store/port.js';
import type { FedDeps } from '../../activitypub/federation.js';
import type { Deps } from '../deps.js';
import { agencyActor } from '../solutions/publish.js';
import { actorsById, solutionCounts } from '../solutions/front.js';
import { followActor, unfollowActor, type FollowOutcome } from './follows.js';

/** One agency in the lists of /agencies. */
export interface AgencyRelation {
  actor: Actor;
  follow: Follow;
  /** Their solutions this instance holds (at most `cap`; `more` beyond). */
  solutions: { count: number; more: boolean };
}

export interface AgencyRelations {
  /** Whom our agency follows: accepted and still pending, newest first. */
  following: AgencyRelation[];
  /** Who follows our agency (accepted), newest first. */
  followers: AgencyRelation[];
}

/** A bound on each list: a page of agencies, not a crawl. */
const LIST_LIMIT = 200;

async function relations(deps: Pick<Deps, 'store'>, follows: Follow[], other: (f: Follow) => string): Promise<AgencyRelation[]> {
  const actors = await actorsById(deps, follows.map(other));
  const counts = await solutionCounts(deps, [...actors.keys()]);
  return follows.flatMap((follow) => {
    const actor = actors.get(other(follow));
    return actor ? [{ actor, follow, solutions: counts.get(actor.id) ?? { count: 0, more: false } }] : [];
  });
}

/** The agency actor's follows both ways, for the agencies page. */
export async function agencyRelations(deps: Pick<Deps, 'store' | 'config'>): Promise<AgencyRelations> {
  const agency = await agencyActor(deps);
  const [accepted, pending, followers] = await Promise.all([
    deps.store.follows.listFollowing(agency.id, { state: 'accepted', limit: LIST_LIMIT }),
    deps.store.follows.listFollowing(agency.id, { state: 'pending', limit: LIST_LIMIT }),
    deps.store.follows.listFollowers(agency.id, { state: 'accepted', limit: LIST_LIMIT }),
  ]);
  const following = [...pending, ...accepted].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    following: await relations(deps, following, (f) => f.followeeId),
    followers: await relations(deps, followers, (f) => f.followerId),
  };
}

/**
 * Our agency follows another agency (a handle or an actor URL): the very call `samspil follow
 * <agency> <target>` makes, so the Follow goes out signed by the agency actor's key.
 */
export async function followAsAgency(fed: FedDeps, by: Actor, target: string): Promise<FollowOutcome> {
  await assertActsForAgency(fed, by, 'follow agencies');
  return followActor(fed, fed.config.instance.agencyUsername, target);
}

/**
 * Our agency stops following an actor it follows (pending or accepted), named by the actor's id
 * as listed: an id we do not follow changes nothing and fetches nothing.
 */
export async function unfollowAsAgency(fed: FedDeps, by: Actor, actorId: string): Promise<{ target: Actor | undefined; removed: boolean }> {
  await assertActsForAgency(fed, by, 'stop following agencies');
  const agency = await agencyActor(fed);
  const target = await fed.store.actors.getById(actorId);
  if (!target || !(await fed.store.follows.getByPair(agency.id, target.id))) return { target, removed: false };
  return unfollowActor(fed, fed.config.instance.agencyUsername, target.uri);
}
