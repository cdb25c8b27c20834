import { storeRemoteActor } from '../fetch/remote-actor.js';
import { idOf, typeOf, type ActivityHandler } from './context.js';
import { attributedTo, POST_TYPES, postFields } from './note.js';
import { afterRemotePostUpdated } from '../../domain/solutions/ingest.js';
import { notify } from '../../domain/notifications/notify.js';
import { announce } from '../../domain/streaming/events.js';
import { canSee } from '../../domain/statuses/access.js';

const ACTOR_TYPES = new Set(['Person', 'Organization', 'Application', 'Service', 'Group']);

/**
 * Update of the actor itself refreshes our copy from the embedded document (signed by that very
 * actor, same id, so trustworthy); Update of a Note/Article the actor owns replaces its content.
 */
export const handleUpdate: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const object = activity.object;
  const type = typeOf(object);
  if (!object || typeof object !== 'object' || !type) return;
  const doc = object as Record<string, unknown>;
  if (ACTOR_TYPES.has(type)) {
    if (idOf(doc) !== actor.uri) return;
    await storeRemoteActor({ ...fed, store: tx }, doc);
    return { objectUri: actor.uri };
  }
  if (!POST_TYPES.has(type) || attributedTo(doc) !== actor.uri) return;
  const existing = await tx.objects.getByUri(String(doc.id));
  if (!existing || existing.actorId !== actor.id || existing.deletedAt) return;
  const fields = postFields(doc, actor, fed.now().toISOString());
  const updated = await tx.objects.update(existing.id, {
    data: fields.data, url: fields.url, visibility: fields.visibility, language: fields.language,
    updatedAt: fields.updatedAt ?? fed.now().toISOString(),
  });
  if (updated) await afterRemotePostUpdated({ ...fed, store: tx }, updated); // a solution's new revision
  // Those here who boosted it are told it changed (Mastodon's `update` notification), if they may
  // still read it: an edit can narrow the audience (public -> followers-only), and the notification
  // shows the post.
  for (const boost of await tx.statuses.reactions(existing.uri, 'Announce', { limit: 200 })) {
    const booster = boost.local ? await tx.actors.getById(boost.actorId) : undefined;
    if (booster && (await canSee({ store: tx }, booster, updated ?? existing))) await notify(fed, tx, { type: 'update', accountId: booster.id, fromActorId: actor.id, statusId: existing.id });
  }
  announce(fed, { kind: 'edit', entryId: existing.id });
  return { objectUri: existing.uri };
};
