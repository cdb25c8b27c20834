import type { Actor, Follow, SolutionRecord } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { agencyActor } from './publish.js';

/** A solution with the agency that published it (undefined when that actor is no longer stored). */
export interface SolutionWithAgency {
  solution: SolutionRecord;
  organisation: Actor | undefined;
}

/** How many followed agencies are read for "newest from others": a bound, not a page. */
const MAX_FOLLOWED = 200;

async function withAgencies(deps: Pick<Deps, 'store'>, solutions: SolutionRecord[]): Promise<SolutionWithAgency[]> {
  const actors = await actorsById(deps, solutions.map((s) => s.actorId));
  return solutions.map((solution) => ({ solution, organisation: actors.get(solution.actorId) }));
}

/** Actors by id, in one read. */
export async function actorsById(deps: Pick<Deps, 'store'>, ids: Iterable<string>): Promise<Map<string, Actor>> {
  const distinct = [...new Set(ids)];
  return new Map(distinct.length ? (await deps.store.actors.getMany({ ids: distinct })).map((a) => [a.id, a]) : []);
}

/** Our agency's own solutions, newest published first. */
export async function newestLocalSolutions(deps: Pick<Deps, 'store' | 'config'>, limit: number): Promise<SolutionWithAgency[]> {
  const agency = await agencyActor(deps);
  return withAgencies(deps, await deps.store.solutions.listByActor(agency.id, { limit }));
}

/** The agencies our agency actor follows with an accepted follow: where remote solutions come from. */
export async function acceptedFollowees(deps: Pick<Deps, 'store' | 'config'>, limit = MAX_FOLLOWED): Promise<Array<{ follow: Follow; actor: Actor }>> {
  const agency = await agencyActor(deps);
  const follows = await deps.store.follows.listFollowing(agency.id, { state: 'accepted', limit });
  const actors = await actorsById(deps, follows.map((f) => f.followeeId));
  return follows.flatMap((follow) => {
    const actor = actors.get(follow.followeeId);
    return actor ? [{ follow, actor }] : [];
  });
}

/**
 * The newest solutions of the agencies we follow, newest published first. Each agency's own newest
 * `limit` are enough to find the overall newest `limit`, so the work stays bounded per agency.
 */
export async function newestFollowedSolutions(deps: Pick<Deps, 'store' | 'config'>, limit: number): Promise<SolutionWithAgency[]> {
  const followees = await acceptedFollowees(deps);
  const remote = followees.filter(({ actor }) => actor.domain !== null).map(({ actor }) => actor);
  const newest = remote.length ? await deps.store.solutions.newestOfActors(remote.map((a) => a.id), limit) : [];
  // The agencies are in hand already (acceptedFollowees read them).
  const byId = new Map(remote.map((a) => [a.id, a]));
  return newest.map((solution) => ({ solution, organisation: byId.get(solution.actorId) }));
}

/** Solutions by how many agencies use them (any status but abandoned), most first. */
export async function mostAdoptedSolutions(deps: Pick<Deps, 'store'>, limit: number): Promise<Array<SolutionWithAgency & { adoptions: number }>> {
  const ranked = await deps.store.solutions.mostAdopted(limit);
  const actors = await actorsById(deps, ranked.map((r) => r.solution.actorId));
  return ranked.map((r) => ({ solution: r.solution, organisation: actors.get(r.solution.actorId), adoptions: r.adoptions }));
}

export interface FrontPage {
  ours: SolutionWithAgency[];
  others: SolutionWithAgency[];
  mostAdopted: Array<SolutionWithAgency & { adoptions: number }>;
}

/** What the agency's front page shows: our newest, the newest from agencies we follow, the most adopted. */
export async function frontPage(deps: Pick<Deps, 'store' | 'config'>, limit = 6): Promise<FrontPage> {
  const [ours, others, mostAdopted] = await Promise.all([newestLocalSolutions(deps, limit), newestFollowedSolutions(deps, limit), mostAdoptedSolutions(deps, limit)]);
  return { ours, others, mostAdopted };
}

/**
 * How many solutions of each actor this instance holds, up to `cap` each (the page says "cap or
 * more" beyond): enough for a list of agencies without a count query per store.
 */
export async function solutionCounts(deps: Pick<Deps, 'store'>, actorIds: string[], cap = 100): Promise<Map<string, { count: number; more: boolean }>> {
  const out = new Map<string, { count: number; more: boolean }>();
  for (const id of new Set(actorIds)) {
    const items = await deps.store.solutions.listByActor(id, { limit: cap + 1 });
    out.set(id, { count: Math.min(items.length, cap), more: items.length > cap });
  }
  return out;
}

/** Snowflake ids of different lengths compare as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
