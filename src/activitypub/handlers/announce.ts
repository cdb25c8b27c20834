import { queuePostFetch } from '../fetch/post-fetch-job.js';
import { idOf, type ActivityHandler } from './context.js';

/**
 * A boost: recorded by the object's id. An embedded copy may come from any host, so it is never
 * stored from here (origin rule); a post we do not have yet is fetched from its origin by a job.
 */
export const handleAnnounce: ActivityHandler = async ({ fed, tx, activity }) => {
  const objectUri = idOf(activity.object);
  if (objectUri && /^https?:\/\//.test(objectUri) && !(await tx.objects.getByUri(objectUri))) await queuePostFetch(fed, tx, objectUri);
  return { objectUri: objectUri ?? null };
};
