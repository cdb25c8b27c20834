import { withdraw } from '../../domain/notifications/notify.js';
import { idOf, localActorByUri, typeOf, type ActivityHandler } from './context.js';

/** Undo of a Follow, Like or Announce the same actor made; anything else is ignored. */
export const handleUndo: ActivityHandler = async ({ tx, activity, actor }) => {
  const inner = activity.object;
  const innerId = idOf(inner);
  const recorded = innerId ? await tx.activities.getByUri(innerId) : undefined;
  const innerType = typeOf(inner) ?? recorded?.type;
  if (innerType === 'Follow') {
    let follow = innerId ? await tx.follows.getByUri(innerId) : undefined;
    if (!follow && inner && typeof inner === 'object') {
      const target = await localActorByUri(tx, idOf((inner as Record<string, unknown>).object));
      if (target) follow = await tx.follows.getByPair(actor.id, target.id);
    }
    if (follow && follow.followerId === actor.id) {
      await tx.follows.delete(follow.id);
      await withdraw(tx, { type: follow.state === 'pending' ? 'follow_request' : 'follow', fromActorId: actor.id, accountId: follow.followeeId });
    }
    return { objectUri: innerId ?? null };
  }
  if (innerType === 'Block') {
    // Mastodon's Undo of a Block: the pair, whatever the Block's id was.
    const targetUri = inner && typeof inner === 'object' ? idOf((inner as Record<string, unknown>).object) : recorded?.actorId === actor.id ? recorded.objectUri ?? undefined : undefined;
    const target = await localActorByUri(tx, targetUri);
    if (target) await tx.relations.deleteBlock(actor.id, target.id);
    return { objectUri: innerId ?? null };
  }
  if (innerType === 'Like' || innerType === 'Announce') {
    const target = recorded ?? (inner && typeof inner === 'object'
      ? await tx.activities.find({ actorId: actor.id, type: innerType, objectUri: idOf((inner as Record<string, unknown>).object) ?? '' })
      : undefined);
    if (target && target.actorId === actor.id) {
      await tx.activities.deleteByUri(target.uri);
      const object = target.objectUri ? await tx.objects.getByUri(target.objectUri) : undefined;
      if (object?.local) await withdraw(tx, { type: innerType === 'Like' ? 'favourite' : 'reblog', fromActorId: actor.id, statusId: object.id });
    }
  }
  return { objectUri: innerId ?? null };
};
