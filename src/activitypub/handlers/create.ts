import { newId } from '../../ids.js';
import { typeOf, type ActivityHandler } from './context.js';
import { attributedTo, POST_TYPES, postFields } from './note.js';

/**
 * Create of a Note or Article: stored once, sanitized. The inbox already checked that the object
 * id is on the actor's host; here the object must also be attributed to the actor. A Create that
 * only names its object by id is ignored (we do not fetch on the inbox path).
 */
export const handleCreate: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const object = activity.object;
  if (!object || typeof object !== 'object' || !POST_TYPES.has(typeOf(object) ?? '')) return;
  const doc = object as Record<string, unknown>;
  if (attributedTo(doc) !== actor.uri) return;
  if (await tx.objects.getByUri(String(doc.id))) return;
  await tx.objects.put({ id: newId(fed.now().getTime()), ...postFields(doc, actor, fed.now().toISOString()) });
  return { objectUri: String(doc.id) };
};
