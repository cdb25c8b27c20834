import { newId } from '../../ids.js';
import { StoreConflict } from '../../store/port.js';
import type { Actor } from '../../store/port.js';
import { idOf, type ActivityHandler, type HandlerContext } from './context.js';

const featuredOf = (actor: Actor) => actor.featuredUri ?? `${actor.uri}/collections/featured`;

/** An Add or Remove whose target is the signer's own featured collection (Mastodon's pins). */
export function isFeaturedChange(ctx: HandlerContext): boolean {
  return idOf(ctx.activity.target) === featuredOf(ctx.actor);
}

/**
 * Mastodon's ActivityPub::Activity::Add/Remove for pins: a remote account pins (or unpins) one of
 * its own posts that we hold; its profile's pinned posts then show it. Others' posts are ignored.
 */
export const handleFeaturedChange: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const uri = idOf(activity.object);
  const object = uri ? await tx.objects.getByUri(uri) : undefined;
  if (!object || object.actorId !== actor.id || object.deletedAt) return { objectUri: uri ?? null, ignored: true };
  if (activity.type === 'Remove') {
    await tx.relations.deletePin(actor.id, object.id);
    return { objectUri: uri };
  }
  try {
    await tx.relations.putPin({ id: newId(fed.now().getTime()), accountId: actor.id, statusId: object.id, createdAt: fed.now().toISOString() });
  } catch (e) {
    if (!(e instanceof StoreConflict)) throw e;
  }
  return { objectUri: uri };
};
