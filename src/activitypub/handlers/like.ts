import { notify } from '../../domain/notifications/notify.js';
import { idOf, type ActivityHandler } from './context.js';

/**
 * A favourite: the activity record itself (actor, object) is the state; Undo(Like) removes it.
 * The author of a local post is notified.
 */
export const handleLike: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const objectUri = idOf(activity.object) ?? null;
  const object = objectUri ? await tx.objects.getByUri(objectUri) : undefined;
  if (object?.local && !object.deletedAt) await notify(fed, tx, { type: 'favourite', accountId: object.actorId, fromActorId: actor.id, statusId: object.id });
  return { objectUri };
};
