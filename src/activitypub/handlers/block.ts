import { newId } from '../../ids.js';
import { severFollows } from '../../domain/relations/relations.js';
import { idOf, localActorByUri, type ActivityHandler } from './context.js';

/**
 * A remote account blocks one of ours (Mastodon's ActivityPub::Activity::Block): the follows end
 * both ways (ours of them is undone with Undo Follow; theirs simply ends, they asked for it), and
 * the block is stored with its id, so the local account's relationship shows `blocked_by` and
 * nothing of theirs is shown to it (domain/relations/filter.ts, statuses/access.ts).
 */
export const handleBlock: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const target = await localActorByUri(tx, idOf(activity.object));
  if (!target || actor.domain === null || target.id === actor.id) return { objectUri: idOf(activity.object) ?? null, ignored: true };
  await severFollows(fed, tx, target, actor, { rejectTheirs: false });
  await tx.relations.putBlock({ id: newId(fed.now().getTime()), accountId: actor.id, targetId: target.id, uri: String(activity.id), createdAt: fed.now().toISOString() });
  return { objectUri: target.uri };
};
