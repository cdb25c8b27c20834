import type { Actor, StoredActivity, StoredObject } from '../../store/port.js';
import { newId } from '../../ids.js';
import { DomainError } from '../../errors.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { AS_CONTEXT, PUBLIC } from '../../activitypub/vocab/context.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { notify, withdraw } from '../notifications/notify.js';
import { announce } from '../streaming/events.js';
import { visibleObject } from './access.js';

const inboxOf = (a: Actor) => a.sharedInbox ?? a.inbox;

async function authorOf(fed: FedDeps, object: StoredObject): Promise<Actor> {
  const author = await fed.store.actors.getById(object.actorId);
  if (!author) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
  return author;
}

function undo(actor: Actor, inner: StoredActivity, to: string[]): Record<string, unknown> {
  const { '@context': _c, ...embedded } = (inner.data ?? { id: inner.uri, type: inner.type, actor: actor.uri, object: inner.objectUri }) as Record<string, unknown>;
  return { '@context': AS_CONTEXT, id: `${inner.uri}/undo`, type: 'Undo', actor: actor.uri, to, object: embedded };
}

/** Favourite: a Like to the author (remote) or a notification (local); a second favourite changes nothing. */
export async function favourite(fed: FedDeps, actor: Actor, id: string): Promise<StoredObject> {
  const object = await visibleObject(fed, actor, id);
  if (await fed.store.activities.find({ actorId: actor.id, type: 'Like', objectUri: object.uri })) return object;
  const author = await authorOf(fed, object);
  const likeId = newId(fed.now().getTime());
  const like = { '@context': AS_CONTEXT, id: `${actor.uri}#likes/${likeId}`, type: 'Like', actor: actor.uri, object: object.uri };
  await fed.store.transaction(async (tx) => {
    await tx.activities.put({ id: likeId, uri: like.id, type: 'Like', actorId: actor.id, objectUri: object.uri, local: true, public: false, createdAt: fed.now().toISOString(), data: like });
    if (author.domain !== null) await queueDelivery(fed, tx, actor, like, { inboxes: [inboxOf(author)] });
    else await notify(fed, tx, { type: 'favourite', accountId: author.id, fromActorId: actor.id, statusId: object.id });
  });
  fed.wake();
  return object;
}

export async function unfavourite(fed: FedDeps, actor: Actor, id: string): Promise<StoredObject> {
  const object = await visibleObject(fed, actor, id);
  const like = await fed.store.activities.find({ actorId: actor.id, type: 'Like', objectUri: object.uri });
  if (!like) return object;
  const author = await authorOf(fed, object);
  await fed.store.transaction(async (tx) => {
    await tx.activities.deleteByUri(like.uri);
    if (author.domain !== null) await queueDelivery(fed, tx, actor, undo(actor, like, [author.uri]), { inboxes: [inboxOf(author)] });
    else await withdraw(tx, { type: 'favourite', fromActorId: actor.id, statusId: object.id, accountId: author.id });
  });
  fed.wake();
  return object;
}

/**
 * Boost: an Announce to the booster's followers and the author. Only public and unlisted posts
 * can be boosted (Mastodon's StatusPolicy#reblog?). Returns the Announce, whose id is the boost's
 * status id.
 */
export async function reblog(fed: FedDeps, actor: Actor, id: string): Promise<{ object: StoredObject; activity: StoredActivity }> {
  const object = await visibleObject(fed, actor, id);
  if (object.visibility !== 'public' && object.visibility !== 'unlisted') throw new DomainError('forbidden', 'REBLOG_NOT_ALLOWED', 'This action is not allowed');
  const existing = await fed.store.activities.find({ actorId: actor.id, type: 'Announce', objectUri: object.uri });
  if (existing) return { object, activity: existing };
  const author = await authorOf(fed, object);
  const announceId = newId(fed.now().getTime());
  const published = fed.now().toISOString();
  const doc = {
    '@context': AS_CONTEXT, id: `${actor.uri}/statuses/${announceId}/activity`, type: 'Announce', actor: actor.uri, published,
    to: [PUBLIC], cc: [author.uri, ...(actor.followersUri ? [actor.followersUri] : [])], object: object.uri,
  };
  const activity: StoredActivity = { id: announceId, uri: doc.id, type: 'Announce', actorId: actor.id, objectUri: object.uri, local: true, public: true, createdAt: published, data: doc };
  await fed.store.transaction(async (tx) => {
    await tx.activities.put(activity);
    await queueDelivery(fed, tx, actor, doc, { followers: true, inboxes: author.domain !== null ? [inboxOf(author)] : [] });
    if (author.domain === null) await notify(fed, tx, { type: 'reblog', accountId: author.id, fromActorId: actor.id, statusId: object.id });
  });
  fed.wake();
  announce(fed, { kind: 'status', entryId: announceId });
  return { object, activity };
}

export async function unreblog(fed: FedDeps, actor: Actor, id: string): Promise<StoredObject> {
  // The id may be the post's or the boost's own, as in Mastodon.
  const boost = await fed.store.statuses.getReblog(id);
  const object = boost && boost.actorId === actor.id && boost.objectUri ? await fed.store.objects.getByUri(boost.objectUri) : await visibleObject(fed, actor, id);
  if (!object) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
  const existing = await fed.store.activities.find({ actorId: actor.id, type: 'Announce', objectUri: object.uri });
  if (!existing) return object;
  const author = await authorOf(fed, object);
  await fed.store.transaction(async (tx) => {
    await tx.activities.deleteByUri(existing.uri);
    await queueDelivery(fed, tx, actor, undo(actor, existing, [PUBLIC]), { followers: true, inboxes: author.domain !== null ? [inboxOf(author)] : [] });
    if (author.domain === null) await withdraw(tx, { type: 'reblog', fromActorId: actor.id, statusId: object.id, accountId: author.id });
  });
  fed.wake();
  announce(fed, { kind: 'delete', statusId: existing.id, actorId: actor.id });
  return object;
}

/** Bookmarks are private to the user: nothing federates. */
export async function bookmark(fed: FedDeps, actor: Actor, id: string, on: boolean): Promise<StoredObject> {
  const object = await visibleObject(fed, actor, id);
  if (on) await fed.store.statuses.addBookmark({ id: newId(fed.now().getTime()), actorId: actor.id, objectId: object.id, createdAt: fed.now().toISOString() });
  else await fed.store.statuses.removeBookmark(actor.id, object.id);
  return object;
}
