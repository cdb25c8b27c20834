import type { Actor, Store, StoredObject } from '../../store/port.js';
import type { FedDeps } from '../federation.js';
import { notify, notifyPostSubscribers } from '../../domain/notifications/notify.js';
import { mentionedUris } from '../../domain/statuses/access.js';

/**
 * A post that arrived names local accounts (Mention tags) or replies to a local post: each of
 * those accounts gets a `mention`, as Mastodon notifies a reply through its mention.
 */
export async function notifyOfPost(fed: FedDeps, tx: Store, object: StoredObject, author: Actor): Promise<void> {
  const told = new Set<string>();
  for (const uri of mentionedUris(object)) {
    const local = await tx.actors.getByUri(uri);
    if (local && local.domain === null) told.add(local.id);
  }
  if (object.inReplyToUri) {
    const parent = await tx.objects.getByUri(object.inReplyToUri);
    // A reply that does not mention the author still reaches them if it is not direct.
    if (parent?.local && (object.visibility !== 'direct' || told.has(parent.actorId))) told.add(parent.actorId);
  }
  for (const accountId of told) await notify(fed, tx, { type: 'mention', accountId, fromActorId: author.id, statusId: object.id });
  await notifyPostSubscribers(fed, tx, object);
}
