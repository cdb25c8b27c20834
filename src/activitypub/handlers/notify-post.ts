import type { Actor, Store, StoredObject } from '../../store/port.js';
import type { FedDeps } from '../federation.js';
import { notify, notifyPostSubscribers } from '../../domain/notifications/notify.js';
import { canSee, mentionedUris } from '../../domain/statuses/access.js';

/**
 * A post that arrived names local accounts (Mention tags) or replies to a local post: each of
 * those accounts gets a `mention`, as Mastodon notifies a reply through its mention.
 */
export async function notifyOfPost(fed: FedDeps, tx: Store, object: StoredObject, author: Actor): Promise<void> {
  const told = new Set<string>();
  for (const uri of mentionedUris(object)) {
    // Some servers name the profile URL (…/@user) instead of the actor id.
    const username = fed.urls.usernameFromUri(uri);
    const local = (await tx.actors.getByUri(uri)) ?? (username ? await tx.actors.getByUsername(username, null) : undefined);
    if (local && local.domain === null) told.add(local.id);
  }
  if (object.inReplyToUri) {
    const parent = await tx.objects.getByUri(object.inReplyToUri);
    // A reply that does not mention the author still reaches them, but only if they may read it:
    // a followers-only reply to someone who does not follow its author (or a direct one that does
    // not mention them) would otherwise show them, in the notification, a post they may not see.
    const parentAuthor = parent?.local && !told.has(parent.actorId) ? await tx.actors.getById(parent.actorId) : undefined;
    if (parentAuthor && (await canSee({ store: tx }, parentAuthor, object))) told.add(parentAuthor.id);
  }
  for (const accountId of told) await notify(fed, tx, { type: 'mention', accountId, fromActorId: author.id, statusId: object.id });
  await notifyPostSubscribers(fed, tx, object);
}
