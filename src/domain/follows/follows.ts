import type { Actor, Follow } from '../../store/port.js';
import { notify, withdraw } from '../notifications/notify.js';
import { newId } from '../../ids.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import { evaluateDomain } from '../policy/domains.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { resolveActorByHandleOrUri } from '../../activitypub/fetch/webfinger.js';
import { RemoteDocumentError } from '../../activitypub/fetch/fetch-document.js';
import { followActivity, followAnswer, undoFollowActivity } from '../../activitypub/convert/activities.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { afterStaffFollow, afterStaffUnfollow } from './agency-feed.js';

async function localActor(fed: FedDeps, username: string): Promise<Actor> {
  const actor = await fed.store.actors.getByUsername(username, null);
  if (!actor || actor.type === 'Application') throw notFound('ACCOUNT_NOT_FOUND', `no local account named "${username}"`);
  if (actor.suspendedAt) throw new DomainError('forbidden', 'ACCOUNT_SUSPENDED', `@${username} is suspended`);
  return actor;
}

/** A handle or actor URL, resolved (WebFinger, signed fetch) into a stored actor. */
export async function findActor(fed: FedDeps, target: string): Promise<Actor> {
  try {
    return await resolveActorByHandleOrUri(fed, target);
  } catch (e) {
    if (e instanceof RemoteDocumentError) {
      if (e.code === 'BAD_HANDLE' || e.code === 'BAD_URL') throw invalid('ACTOR_TARGET_INVALID', e.message);
      if (e.code === 'BLOCKED_DOMAIN') throw new DomainError('forbidden', 'DOMAIN_BLOCKED', e.message);
      if (e.status === 404 || e.status === 410 || e.code === 'NOT_FOUND') throw notFound('ACTOR_NOT_FOUND', e.message);
      throw new DomainError('unavailable', 'ACTOR_UNREACHABLE', `could not load ${target}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

export interface FollowOutcome {
  follow: Follow;
  target: Actor;
  /** False when the follow already existed (nothing new was sent). */
  created: boolean;
}

/**
 * A local actor follows another actor by handle or URI. Remote: stored pending, Follow queued to
 * the target's inbox in the same transaction; the follow turns accepted when Accept comes back.
 * The Follow's id is minted once and kept, since Accept/Reject/Undo refer to it.
 */
export async function followActor(fed: FedDeps, username: string, target: string): Promise<FollowOutcome> {
  const follower = await localActor(fed, username);
  const followee = await findActor(fed, target);
  // A cached actor needs no fetch, so the policy is asked here too.
  if (followee.domain && !(await evaluateDomain(fed, followee.domain)).allowed) throw new DomainError('forbidden', 'DOMAIN_BLOCKED', `${followee.domain} does not federate with this instance`);
  if (followee.suspendedAt) throw new DomainError('forbidden', 'ACCOUNT_SUSPENDED', `${followee.uri} is suspended`);
  if (followee.id === follower.id) throw invalid('FOLLOW_SELF', 'an account cannot follow itself');
  if (followee.type === 'Application' && followee.domain === null) throw invalid('FOLLOW_INSTANCE_ACTOR', 'the instance actor cannot be followed');
  // Mastodon's FollowService: no follow where either side blocks the other (NotPermittedError, 403).
  if ((await fed.store.relations.getBlock(follower.id, followee.id)) || (await fed.store.relations.getBlock(followee.id, follower.id))) {
    throw new DomainError('forbidden', 'FOLLOW_BLOCKED', 'This action is not allowed');
  }
  return fed.store.transaction(async (tx) => {
    await afterStaffFollow(tx, follower, followee);
    const existing = await tx.follows.getByPair(follower.id, followee.id);
    if (existing) return { follow: existing, target: followee, created: false };
    const id = newId(fed.now().getTime());
    const now = fed.now().toISOString();
    const local = followee.domain === null;
    const follow = await tx.follows.put({
      id,
      uri: `${follower.uri}#follows/${id}`,
      followerId: follower.id,
      followeeId: followee.id,
      state: local && !followee.manuallyApprovesFollowers ? 'accepted' : 'pending',
      createdAt: now,
      updatedAt: now,
    });
    if (!local) await queueDelivery(fed, tx, follower, followActivity(follow, follower, followee), { inboxes: [followee.inbox] });
    else await notify(fed, tx, { type: follow.state === 'pending' ? 'follow_request' : 'follow', accountId: followee.id, fromActorId: follower.id });
    return { follow, target: followee, created: true };
  }).finally(() => fed.wake());
}

/** Ends a follow (pending or accepted); a remote followee gets Undo(Follow) with the original Follow id. */
export async function unfollowActor(fed: FedDeps, username: string, target: string): Promise<{ target: Actor; removed: boolean }> {
  const follower = await localActor(fed, username);
  const followee = await findActor(fed, target);
  // A cached actor needs no fetch, so the policy is asked here too.
  if (followee.domain && !(await evaluateDomain(fed, followee.domain)).allowed) throw new DomainError('forbidden', 'DOMAIN_BLOCKED', `${followee.domain} does not federate with this instance`);
  if (followee.suspendedAt) throw new DomainError('forbidden', 'ACCOUNT_SUSPENDED', `${followee.uri} is suspended`);
  const removed = await fed.store.transaction(async (tx) => {
    await afterStaffUnfollow(fed, tx, follower, followee);
    const follow = await tx.follows.getByPair(follower.id, followee.id);
    if (!follow) return false;
    await tx.follows.delete(follow.id);
    // As Mastodon (list accounts belong to the follow): unfollowing takes the account off one's lists.
    const user = await tx.users.getByActorId(follower.id);
    if (user) await tx.lists.removeFromUserLists(user.id, followee.id);
    await withdraw(tx, { type: follow.state === 'pending' ? 'follow_request' : 'follow', fromActorId: follower.id, accountId: followee.id });
    if (followee.domain !== null) await queueDelivery(fed, tx, follower, undoFollowActivity(follow, follower, followee), { inboxes: [followee.inbox] });
    return true;
  });
  fed.wake();
  return { target: followee, removed };
}

export interface FollowRequest {
  follow: Follow;
  follower: Actor;
}

/** Pending follows of an account that approves followers by hand, oldest last. */
export async function listFollowRequests(fed: FedDeps, username: string, limit = 100): Promise<FollowRequest[]> {
  const actor = await localActor(fed, username);
  const pending = await fed.store.follows.listFollowers(actor.id, { state: 'pending', limit });
  const out: FollowRequest[] = [];
  for (const follow of pending) {
    const follower = await fed.store.actors.getById(follow.followerId);
    if (follower) out.push({ follow, follower });
  }
  return out;
}

async function pendingRequest(fed: FedDeps, username: string, from: string): Promise<{ followee: Actor; follower: Actor; follow: Follow }> {
  const followee = await localActor(fed, username);
  const follower = await findActor(fed, from);
  const follow = await fed.store.follows.getByPair(follower.id, followee.id);
  if (!follow || follow.state !== 'pending') throw notFound('FOLLOW_REQUEST_NOT_FOUND', `no pending follow request from ${from} to @${username}`);
  return { followee, follower, follow };
}

/** Accepts a pending request; the follower is told with Accept (embedding its Follow). */
export async function approveFollowRequest(fed: FedDeps, username: string, from: string): Promise<FollowRequest> {
  const { followee, follower, follow } = await pendingRequest(fed, username, from);
  await fed.store.transaction(async (tx) => {
    await tx.follows.setState(follow.id, 'accepted', fed.now().toISOString());
    // Mastodon turns the request's notification into a follow notification.
    await withdraw(tx, { type: 'follow_request', fromActorId: follower.id, accountId: followee.id });
    await notify(fed, tx, { type: 'follow', accountId: followee.id, fromActorId: follower.id });
    if (follower.domain !== null) await queueDelivery(fed, tx, followee, followAnswer('Accept', follow, follower, followee), { inboxes: [follower.inbox] });
  });
  fed.wake();
  return { follow: { ...follow, state: 'accepted' }, follower };
}

/** Refuses a pending request; the follower is told with Reject. */
export async function rejectFollowRequest(fed: FedDeps, username: string, from: string): Promise<FollowRequest> {
  const { followee, follower, follow } = await pendingRequest(fed, username, from);
  await fed.store.transaction(async (tx) => {
    await tx.follows.delete(follow.id);
    await withdraw(tx, { type: 'follow_request', fromActorId: follower.id, accountId: followee.id });
    if (follower.domain !== null) await queueDelivery(fed, tx, followee, followAnswer('Reject', follow, follower, followee), { inboxes: [follower.inbox] });
  });
  fed.wake();
  return { follow, follower };
}
