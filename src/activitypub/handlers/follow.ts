import { newId } from '../../ids.js';
import { followAnswer } from '../convert/activities.js';
import { queueDelivery } from '../outbox/send.js';
import { notify } from '../../domain/notifications/notify.js';
import { domainMatches } from '../../domain/relations/domains.js';
import { idOf, localActorByUri, type ActivityHandler } from './context.js';

/**
 * Someone follows one of ours: stored pending, and accepted at once unless the account approves
 * followers by hand (then `samspil follow-requests approve|reject`). A repeated Follow of an
 * accepted follow is answered with Accept again (the follower may have lost our first one).
 */
export const handleFollow: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const target = await localActorByUri(tx, idOf(activity.object));
  if (!target || target.type === 'Application' || target.suspendedAt) return;
  const now = fed.now().toISOString();
  // Mastodon's ActivityPub::Activity::Follow: an account that blocks the follower (or its domain) refuses.
  const blocked = !!(await tx.relations.getBlock(target.id, actor.id))
    || (!!actor.domain && (await tx.relations.listDomainBlocks(target.id, { limit: 10_000 })).some((d) => domainMatches(d.domain, actor.domain)));
  if (blocked) {
    const refused = { id: newId(fed.now().getTime()), uri: String(activity.id), followerId: actor.id, followeeId: target.id, state: 'pending' as const, createdAt: now, updatedAt: now };
    await queueDelivery(fed, tx, target, followAnswer('Reject', refused, actor, target), { inboxes: [actor.inbox] });
    return { objectUri: target.uri };
  }
  let follow = await tx.follows.getByPair(actor.id, target.id);
  const fresh = !follow;
  if (!follow) {
    follow = await tx.follows.put({
      id: newId(fed.now().getTime()),
      uri: String(activity.id),
      followerId: actor.id,
      followeeId: target.id,
      state: target.manuallyApprovesFollowers ? 'pending' : 'accepted',
      createdAt: now,
      updatedAt: now,
    });
  }
  if (fresh) await notify(fed, tx, { type: follow.state === 'pending' ? 'follow_request' : 'follow', accountId: target.id, fromActorId: actor.id });
  if (follow.state === 'accepted') {
    // Answer with the id of the Follow just received: that is the one the follower is waiting on.
    const answerId = fresh ? follow.id : newId(fed.now().getTime());
    await queueDelivery(fed, tx, target, followAnswer('Accept', { ...follow, uri: String(activity.id) }, actor, target, answerId), { inboxes: [actor.inbox] });
  }
  return { objectUri: target.uri };
};
