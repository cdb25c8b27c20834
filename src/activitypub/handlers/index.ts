import type { Job } from '../../store/port.js';
import { newId } from '../../ids.js';
import type { FedDeps } from '../federation.js';
import { PermanentJobError } from '../../jobs/runner.js';
import { isPublic, idOf, IGNORED_TYPE, type ActivityHandler } from './context.js';
import { handleFollow } from './follow.js';
import { handleAccept } from './accept.js';
import { handleReject } from './reject.js';
import { handleUndo } from './undo.js';
import { handleCreate } from './create.js';
import { handleUpdate } from './update.js';
import { handleDelete } from './delete.js';
import { handleLike } from './like.js';
import { handleAnnounce } from './announce.js';
import { handleFlag } from './flag.js';
import { handleAdd, handleAdopt } from './adopt.js';
import { handleBlock } from './block.js';
import { handleFeaturedChange, isFeaturedChange } from './featured.js';
import { announce } from '../../domain/streaming/events.js';

export const HANDLERS: Record<string, ActivityHandler> = {
  Follow: handleFollow,
  Accept: handleAccept,
  Reject: handleReject,
  Undo: handleUndo,
  Create: handleCreate,
  Update: handleUpdate,
  Delete: handleDelete,
  Like: handleLike,
  Announce: handleAnnounce,
  Flag: handleFlag,
  Adopt: handleAdopt,
  // Add to the featured collection is a pin; other Adds are adoptions.
  Add: (ctx) => (isFeaturedChange(ctx) ? handleFeaturedChange(ctx) : handleAdd(ctx)),
  Remove: (ctx) => (isFeaturedChange(ctx) ? handleFeaturedChange(ctx) : Promise.resolve({ objectUri: null, ignored: true })),
  Block: handleBlock,
};

/** Types the inbox queues; anything else is answered 202 and dropped. */
export const KNOWN_ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.keys(HANDLERS));

/**
 * The 'inbox' job: one activity, applied in one transaction together with the record of its id,
 * so a redelivery (or a rerun after a crash) finds the id and changes nothing.
 */
export async function runInboxJob(fed: FedDeps, job: Job): Promise<void> {
  const { activity, actorUri, recipient } = job.payload as { activity: Record<string, unknown>; actorUri: string; recipient: string | null };
  const handler = HANDLERS[String(activity.type)];
  if (!handler) return;
  const actor = await fed.store.actors.getByUri(actorUri);
  if (!actor) throw new PermanentJobError(`the signer ${actorUri} is no longer stored`);
  if (actor.suspendedAt) return;
  const uri = String(activity.id);
  const applied = await fed.store.transaction(async (tx) => {
    if (await tx.activities.getByUri(uri)) return false;
    const result = await handler({ fed, tx, activity, actor, recipient });
    await tx.activities.put({
      id: newId(fed.now().getTime()),
      uri,
      type: result?.ignored ? IGNORED_TYPE : String(activity.type),
      actorId: actor.id,
      objectUri: result?.objectUri !== undefined ? result.objectUri : (idOf(activity.object) ?? null),
      local: false,
      public: isPublic(activity),
      createdAt: fed.now().toISOString(),
      data: null,
    });
    return true;
  });
  if (applied) fed.wake(); // a handler may have queued a reply (Accept)
  // A boost's status id is its stored activity's: streamed once that exists.
  if (applied && activity.type === 'Announce') {
    const stored = await fed.store.activities.getByUri(uri);
    if (stored) announce(fed, { kind: 'status', entryId: stored.id });
  }
  // Hearing from a host proves it is up again: lift its unavailable mark (Mastodon does the same).
  if (actor.domain) {
    const health = await fed.store.deliveryHosts.get(actor.domain);
    if (health?.unavailableSince || health?.failures) await fed.store.deliveryHosts.recordSuccess(actor.domain, fed.now().toISOString());
  }
}
