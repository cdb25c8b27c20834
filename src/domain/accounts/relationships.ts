import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { domainMatches } from '../relations/domains.js';

/** What the follows table says between a viewer and another account. */
export interface RelationshipState {
  following: boolean;
  requested: boolean;
  followedBy: boolean;
  requestedBy: boolean;
  /** Notified of the target's posts (the follow's notify=true). */
  notifying: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  mutingNotifications: boolean;
  domainBlocking: boolean;
  /** The viewer's private note about the target. */
  note: string;
}

export async function relationshipOf(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor, target: Actor): Promise<RelationshipState> {
  const r = deps.store.relations;
  const [out, back, notifying, blocking, blockedBy, mute, note, domainBlocked] = await Promise.all([
    deps.store.follows.getByPair(viewer.id, target.id),
    deps.store.follows.getByPair(target.id, viewer.id),
    deps.store.notifications.isPostSubscribed(viewer.id, target.id),
    r.getBlock(viewer.id, target.id),
    r.getBlock(target.id, viewer.id),
    r.getMute(viewer.id, target.id),
    r.getNote(viewer.id, target.id),
    target.domain ? r.listDomainBlocks(viewer.id, { limit: 10_000 }).then((l) => l.some((d) => domainMatches(d.domain, target.domain))) : false,
  ]);
  const muting = !!mute && (!mute.expiresAt || mute.expiresAt > deps.now().toISOString());
  return {
    blocking: !!blocking,
    blockedBy: !!blockedBy,
    muting,
    mutingNotifications: muting && mute!.notifications,
    domainBlocking: domainBlocked,
    note: note?.comment ?? '',
    following: out?.state === 'accepted',
    requested: out?.state === 'pending',
    followedBy: back?.state === 'accepted',
    requestedBy: back?.state === 'pending',
    notifying: !!out && notifying,
  };
}

/** Bound on the followers examined per account, so one popular account cannot make this slow. */
const FAMILIAR_SCAN = 200;

/** Accounts the viewer follows that also follow `target` (Mastodon's familiar followers). */
export async function familiarFollowers(deps: Pick<Deps, 'store'>, viewer: Actor, target: Actor): Promise<Actor[]> {
  const followers = await deps.store.follows.listFollowers(target.id, { state: 'accepted', limit: FAMILIAR_SCAN });
  const out: Actor[] = [];
  for (const f of followers) {
    if (f.followerId === viewer.id) continue;
    const mine = await deps.store.follows.getByPair(viewer.id, f.followerId);
    if (mine?.state !== 'accepted') continue;
    const actor = await deps.store.actors.getById(f.followerId);
    if (actor && !actor.suspendedAt) out.push(actor);
  }
  return out;
}

export interface FollowPage {
  accounts: Actor[];
  /** The follow id to pass as max_id for the next (older) page, when there may be one. */
  nextMaxId?: string;
}

/** Accepted followers or followings of an account, newest first, paged by follow id. */
export async function followPage(deps: Pick<Deps, 'store'>, actor: Actor, which: 'followers' | 'following', limit: number, maxId?: string): Promise<FollowPage> {
  const options = { state: 'accepted' as const, limit, beforeId: maxId };
  const follows = which === 'followers' ? await deps.store.follows.listFollowers(actor.id, options) : await deps.store.follows.listFollowing(actor.id, options);
  const accounts: Actor[] = [];
  for (const f of follows) {
    const other = await deps.store.actors.getById(which === 'followers' ? f.followerId : f.followeeId);
    if (other && !other.suspendedAt) accounts.push(other);
  }
  return { accounts, nextMaxId: follows.length === limit ? follows[follows.length - 1]!.id : undefined };
}
