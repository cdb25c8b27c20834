import { newId } from '../../ids.js';
import { queuePostFetch } from '../fetch/post-fetch-job.js';
import { typeOf, type ActivityHandler } from './context.js';
import { attributedTo, POST_TYPES, postFields } from './note.js';
import { afterRemotePostStored } from '../../domain/solutions/ingest.js';
import { notifyOfPost } from './notify-post.js';
import { announce } from '../../domain/streaming/events.js';

/**
 * Create of a Note or Article: stored once, sanitized. The inbox already checked that the object
 * id is on the actor's host; here the object must also be attributed to the actor. A Create that
 * only names its object by id gets it fetched by a job (never on the inbox path).
 */
export const handleCreate: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const object = activity.object;
  // Only the id: read the object from its origin (the inbox checked it is on the actor's host).
  if (typeof object === 'string') {
    if (!(await tx.objects.getByUri(object))) await queuePostFetch(fed, tx, object);
    return { objectUri: object };
  }
  // Refused or redundant: recorded as ignored, so it does not count as a status of the signer.
  if (!object || typeof object !== 'object' || !POST_TYPES.has(typeOf(object) ?? '')) return { ignored: true };
  const doc = object as Record<string, unknown>;
  if (attributedTo(doc) !== actor.uri) return { objectUri: String(doc.id), ignored: true };
  if (await tx.objects.getByUri(String(doc.id))) return { objectUri: String(doc.id), ignored: true };
  const stored = await tx.objects.put({ id: newId(fed.now().getTime()), ...postFields(doc, actor, fed.now().toISOString()) });
  await afterRemotePostStored({ ...fed, store: tx }, stored); // solutions, replies to solutions
  await notifyOfPost(fed, tx, stored, actor);
  // A reply to a post we do not have: read it from its origin so the thread and in_reply_to_id hold (Mastodon's ThreadResolveWorker).
  if (stored.inReplyToUri && /^https?:\/\//.test(stored.inReplyToUri) && !(await tx.objects.getByUri(stored.inReplyToUri))) await queuePostFetch(fed, tx, stored.inReplyToUri);
  announce(fed, { kind: 'status', entryId: stored.id });
  return { objectUri: String(doc.id) };
};
