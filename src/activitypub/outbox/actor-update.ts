import { newId } from '../../ids.js';
import type { Actor, Store } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import { PUBLIC } from '../vocab/context.js';
import { localActorToAs } from '../convert/actor-to-as.js';
import { queueDelivery } from './send.js';

/**
 * Queues `Update` of a local actor (its whole current document) to its followers, through `tx`,
 * as Mastodon sends a profile change: their copies of the name, text, avatar and fields follow.
 */
export async function queueActorUpdate(deps: Pick<Deps, 'now'>, tx: Store, actor: Actor): Promise<void> {
  const now = deps.now().toISOString();
  const { '@context': context, ...object } = localActorToAs(actor);
  const activity = { '@context': context, id: `${actor.uri}#updates/${Date.parse(now)}`, type: 'Update', actor: actor.uri, to: [PUBLIC], published: now, object };
  await tx.activities.put({ id: newId(deps.now().getTime()), uri: activity.id, type: 'Update', actorId: actor.id, objectUri: actor.uri, local: true, public: false, createdAt: now, data: activity });
  await queueDelivery(deps, tx, actor, activity, { followers: true });
}
