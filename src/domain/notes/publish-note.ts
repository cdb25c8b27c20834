import type { Actor, StoredObject } from '../../store/port.js';
import { newId } from '../../ids.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import { escapeHtml } from '../../html/escape.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { AS_CONTEXT, PUBLIC } from '../../activitypub/vocab/context.js';
import { createActivity, deleteActivity } from '../../activitypub/convert/activities.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';

export const MAX_NOTE_LENGTH = 5000;

async function author(fed: FedDeps, username: string): Promise<Actor> {
  const actor = await fed.store.actors.getByUsername(username, null);
  if (!actor || actor.type === 'Application') throw notFound('ACCOUNT_NOT_FOUND', `no local account named "${username}"`);
  if (actor.suspendedAt) throw new DomainError('forbidden', 'ACCOUNT_SUSPENDED', `@${username} is suspended`);
  return actor;
}

/** Plain text -> the HTML Mastodon expects: escaped, paragraphs on blank lines, <br> for newlines. */
export function textToHtml(text: string): string {
  return text.trim().split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

export interface PublishNoteInput {
  text: string;
  language?: string;
}

/**
 * Publishes a public Note: the object, its Create activity (listed in the outbox) and one fan-out
 * job to the followers commit in ONE transaction, so a crash can neither lose the delivery nor
 * deliver a post that was never stored.
 */
export async function publishNote(fed: FedDeps, username: string, input: PublishNoteInput): Promise<{ object: StoredObject; activity: Record<string, unknown> }> {
  const text = input.text ?? '';
  if (!text.trim()) throw invalid('NOTE_EMPTY', 'a note needs some text');
  if (text.length > MAX_NOTE_LENGTH) throw invalid('NOTE_TOO_LONG', `a note has at most ${MAX_NOTE_LENGTH} characters`);
  const actor = await author(fed, username);
  const id = newId(fed.now().getTime());
  const uri = `${actor.uri}/statuses/${id}`;
  const published = fed.now().toISOString();
  const content = textToHtml(text);
  const language = input.language ?? fed.config.instance.languages[0] ?? 'en';
  const data: Record<string, unknown> = {
    '@context': AS_CONTEXT,
    id: uri,
    type: 'Note',
    attributedTo: actor.uri,
    content,
    contentMap: { [language]: content },
    published,
    url: uri,
    to: [PUBLIC],
    cc: actor.followersUri ? [actor.followersUri] : [],
    sensitive: false,
    tag: [],
    attachment: [],
  };
  const object: StoredObject = {
    id, uri, type: 'Note', actorId: actor.id, local: true, url: uri, inReplyToUri: null, visibility: 'public',
    language, publishedAt: published, updatedAt: null, deletedAt: null, data,
  };
  const activity = createActivity(object, actor);
  await fed.store.transaction(async (tx) => {
    await tx.objects.put(object);
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: String(activity.id), type: 'Create', actorId: actor.id, objectUri: uri, local: true, public: true, createdAt: published, data: activity });
    await queueDelivery(fed, tx, actor, activity, { followers: true });
  });
  fed.wake();
  return { object, activity };
}

/** Deletes a local note: Tombstone locally, Delete to the followers, in one transaction. */
export async function deleteNote(fed: FedDeps, username: string, objectUri: string): Promise<void> {
  const actor = await author(fed, username);
  const object = await fed.store.objects.getByUri(objectUri);
  if (!object || object.actorId !== actor.id || !object.local || object.deletedAt) throw notFound('NOTE_NOT_FOUND', `@${username} has no note ${objectUri}`);
  const now = fed.now().toISOString();
  const activity = deleteActivity(object, actor, object.type);
  await fed.store.transaction(async (tx) => {
    await tx.objects.update(object.id, { deletedAt: now, data: { id: object.uri, type: 'Tombstone', formerType: object.type, deleted: now } });
    const create = await tx.activities.getByUri(`${object.uri}/activity`);
    if (create) await tx.activities.deleteByUri(create.uri);
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: String(activity.id), type: 'Delete', actorId: actor.id, objectUri: object.uri, local: true, public: false, createdAt: now, data: activity });
    await queueDelivery(fed, tx, actor, activity, { followers: true });
  });
  fed.wake();
}
