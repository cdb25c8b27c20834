import { announce } from '../../domain/streaming/events.js';
import { idOf, typeOf, type ActivityHandler } from './context.js';
import { afterRemotePostDeleted } from '../../domain/solutions/ingest.js';

/**
 * Delete of the actor: its follows (both ways), posts and reactions go; the account row stays
 * suspended so late deliveries signed by it are refused. Delete of a post the actor owns turns
 * it into a Tombstone.
 */
export const handleDelete: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const objectId = idOf(activity.object);
  if (!objectId) return;
  const now = fed.now().toISOString();
  if (objectId === actor.uri) {
    await tx.follows.deleteAllOf(actor.id);
    await tx.objects.deleteAllOf(actor.id);
    await tx.solutions.deleteAllOf(actor.id); // its solutions and the adoptions it reported
    await tx.activities.deleteAllOf(actor.id);
    await tx.actors.update(actor.id, { suspendedAt: now });
    fed.keys.delete(actor.publicKeyId);
    return { objectUri: objectId };
  }
  const existing = await tx.objects.getByUri(objectId);
  if (!existing || existing.actorId !== actor.id || existing.deletedAt) return { objectUri: objectId };
  await tx.objects.update(existing.id, {
    deletedAt: now,
    data: { id: existing.uri, type: 'Tombstone', formerType: typeOf(activity.object) === 'Tombstone' ? (activity.object as { formerType?: string }).formerType ?? existing.type : existing.type, deleted: now },
  });
  await afterRemotePostDeleted({ ...fed, store: tx }, existing); // solutions leave the catalogue
  announce(fed, { kind: 'delete', statusId: existing.id, actorId: actor.id });
  return { objectUri: objectId };
};
