import { queuePostFetch } from '../fetch/post-fetch-job.js';
import { notify } from '../../domain/notifications/notify.js';
import { idOf, type ActivityHandler } from './context.js';

/**
 * A boost: recorded by the object's id. An embedded copy may come from any host, so it is never
 * stored from here (origin rule); a post we do not have yet is fetched from its origin by a job.
 */
export const handleAnnounce: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const objectUri = idOf(activity.object);
  const known = objectUri ? await tx.objects.getByUri(objectUri) : undefined;
  if (objectUri && /^https?:\/\//.test(objectUri) && !known) await queuePostFetch(fed, tx, objectUri);
  // A boost of a local post tells its author.
  if (known?.local && !known.deletedAt) await notify(fed, tx, { type: 'reblog', accountId: known.actorId, fromActorId: actor.id, statusId: known.id });
  return { objectUri: objectUri ?? null };
};
