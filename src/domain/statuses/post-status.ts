import type { Actor, StoredObject, Visibility } from '../../store/port.js';
import { newId } from '../../ids.js';
import { invalid, notFound } from '../../errors.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { AS_CONTEXT, PUBLIC } from '../../activitypub/vocab/context.js';
import { createActivity } from '../../activitypub/convert/activities.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { resolveActorByHandleOrUri } from '../../activitypub/fetch/webfinger.js';
import { deleteNote, MAX_NOTE_LENGTH } from '../notes/publish-note.js';
import { notify, notifyPostSubscribers } from '../notifications/notify.js';
import { onSolutionReply, onSolutionReplyDeleted } from '../solutions/events.js';
import { asAttachment, bindMedia, checkAttachable } from '../media/media.js';
import { announce } from '../streaming/events.js';
import { visibleObject } from './access.js';
import { parseHashtags, parseMentions, statusHtml } from './format.js';

export interface PostStatusInput {
  text: string;
  visibility: Visibility;
  spoilerText?: string;
  sensitive?: boolean;
  language?: string | null;
  inReplyToId?: string | null;
  /** Idempotency-Key header: the same key within an hour answers with the first post. */
  idempotencyKey?: string;
  /** Uploads (POST /api/v2/media) to attach, in order. */
  mediaIds?: string[];
}

/** Mastodon keeps idempotency keys for an hour. */
const IDEMPOTENCY_MS = 3600_000;

const inboxOf = (a: Actor) => a.sharedInbox ?? a.inbox;

/** Mentioned handles resolved to accounts: local ones and known remote ones at once, unknown remote ones through WebFinger. */
async function resolveMentions(fed: FedDeps, text: string): Promise<Map<string, Actor>> {
  const found = new Map<string, Actor>();
  for (const ref of parseMentions(text).slice(0, 50)) {
    const host = ref.host && ref.host !== fed.urls.host ? ref.host : null;
    let actor = await fed.store.actors.getByUsername(ref.username, host);
    if (!actor && host) actor = await resolveActorByHandleOrUri(fed, `${ref.username}@${host}`).catch(() => undefined);
    if (actor && !actor.suspendedAt && actor.type !== 'Application') found.set(ref.handle.toLowerCase(), actor);
  }
  return found;
}

interface Composed {
  content: string;
  spoiler: string;
  /** Distinct mentioned accounts. */
  mentioned: Actor[];
  tag: Array<Record<string, string>>;
}

/** Text -> HTML, mentions and hashtags, with Mastodon's limits; shared by posting and editing. */
async function compose(fed: FedDeps, text: string, spoilerText: string | undefined, alsoMention?: Actor, hasMedia = false): Promise<Composed> {
  // A picture alone is a post (Mastodon's "text or media" rule).
  if (!text.trim() && !hasMedia) throw invalid('STATUS_TEXT_BLANK', "Validation failed: Text can't be blank");
  if ([...text].length > MAX_NOTE_LENGTH) throw invalid('STATUS_TOO_LONG', `Validation failed: Text character limit of ${MAX_NOTE_LENGTH} exceeded`);
  const spoiler = (spoilerText ?? '').trim();
  if (spoiler.length > 1000) throw invalid('STATUS_SPOILER_TOO_LONG', 'Validation failed: Spoiler text is too long');
  const byHandle = await resolveMentions(fed, text);
  const tags = parseHashtags(text).slice(0, 50);
  const tagUrl = (t: string) => `${fed.urls.base}/tags/${encodeURIComponent(t.toLowerCase())}`;
  const content = statusHtml(text, {
    mention: (h) => {
      const a = byHandle.get(h) ?? byHandle.get(`${h}@${fed.urls.host}`);
      return a ? a.url ?? a.uri : undefined;
    },
    tagUrl,
  });
  const mentioned = [...new Map([...byHandle.values(), ...(alsoMention ? [alsoMention] : [])].map((a) => [a.id, a])).values()];
  const handleOf = (a: Actor) => `@${a.username}@${a.domain ?? fed.urls.host}`;
  return {
    content,
    spoiler,
    mentioned,
    tag: [
      ...mentioned.map((a) => ({ type: 'Mention', href: a.uri, name: handleOf(a) })),
      ...tags.map((t) => ({ type: 'Hashtag', href: tagUrl(t), name: `#${t}` })),
    ],
  };
}

/**
 * POST /api/v1/statuses as a use case: the Note, its Create (in the outbox when public or
 * unlisted), the fan-out to followers and mentioned remote accounts, local mention and subscriber
 * notifications, the source text and the idempotency record commit in one transaction.
 */
export async function postStatus(fed: FedDeps, actor: Actor, input: PostStatusInput): Promise<StoredObject> {
  const key = input.idempotencyKey?.slice(0, 200);
  if (key) {
    const earlier = await fed.store.statuses.findIdempotent(actor.id, key, new Date(fed.now().getTime() - IDEMPOTENCY_MS).toISOString());
    const object = earlier ? await fed.store.objects.getById(earlier) : undefined;
    if (object) return object;
  }
  const text = input.text ?? '';
  const parent = input.inReplyToId ? await visibleObject(fed, actor, input.inReplyToId) : undefined;
  const parentAuthor = parent ? await fed.store.actors.getById(parent.actorId) : undefined;
  // Replying tells the author, as Mastodon's clients do by prefilling the @mention.
  const media = await checkAttachable(fed.store, actor, input.mediaIds ?? []);
  const composed = await compose(fed, text, input.spoilerText, parentAuthor && parentAuthor.id !== actor.id ? parentAuthor : undefined, media.length > 0);

  const id = newId(fed.now().getTime());
  const uri = `${actor.uri}/statuses/${id}`;
  const published = fed.now().toISOString();
  const language = input.language || fed.config.instance.languages[0] || 'en';
  const followers = actor.followersUri ? [actor.followersUri] : [];
  const { to, cc } = addressing(input.visibility, followers, composed.mentioned.map((a) => a.uri));
  const data: Record<string, unknown> = {
    '@context': AS_CONTEXT,
    id: uri,
    type: 'Note',
    summary: composed.spoiler || null,
    inReplyTo: parent?.uri ?? null,
    published,
    url: `${fed.urls.profile(actor.username)}/${id}`,
    attributedTo: actor.uri,
    to,
    cc,
    sensitive: !!input.sensitive || !!composed.spoiler,
    content: composed.content,
    contentMap: { [language]: composed.content },
    attachment: media.map((m) => asAttachment(fed, m)),
    tag: composed.tag,
  };
  const object: StoredObject = {
    id, uri, type: 'Note', actorId: actor.id, local: true, url: String(data.url), inReplyToUri: parent?.uri ?? null,
    visibility: input.visibility, language, publishedAt: published, updatedAt: null, deletedAt: null, data,
  };
  const activity = createActivity(object, actor);
  const remoteInboxes = [...new Set(composed.mentioned.filter((a) => a.domain !== null).map(inboxOf))];
  await fed.store.transaction(async (tx) => {
    await tx.objects.put(object);
    await bindMedia(tx, actor, media, id);
    await tx.activities.put({
      id: newId(fed.now().getTime()), uri: String(activity.id), type: 'Create', actorId: actor.id, objectUri: uri, local: true,
      public: input.visibility === 'public' || input.visibility === 'unlisted', createdAt: published, data: activity,
    });
    if (input.visibility !== 'direct' || remoteInboxes.length) {
      await queueDelivery(fed, tx, actor, activity, { followers: input.visibility !== 'direct', inboxes: remoteInboxes });
    }
    for (const a of composed.mentioned) if (a.domain === null) await notify(fed, tx, { type: 'mention', accountId: a.id, fromActorId: actor.id, statusId: id });
    await notifyPostSubscribers(fed, tx, object);
    await tx.statuses.saveVersion({ id: newId(fed.now().getTime()), objectId: id, text, spoilerText: composed.spoiler, sensitive: !!data.sensitive, content: composed.content, createdAt: published });
    if (key) await tx.statuses.rememberIdempotent(actor.id, key, id, published);
    // A question to a solution from a staff member here threads and counts like one from afar.
    const solution = parent && (input.visibility === 'public' || input.visibility === 'unlisted') ? await tx.solutions.getByUri(parent.uri) : undefined;
    if (solution && !solution.deletedAt) await onSolutionReply({ ...fed, store: tx }, solution, object);
  });
  fed.wake();
  announce(fed, { kind: 'status', entryId: id });
  return object;
}

export interface EditStatusInput {
  text: string;
  spoilerText?: string;
  sensitive?: boolean;
  language?: string | null;
  /** Apps send the current attachments back with every edit; a different set is refused. */
  mediaIds?: string[];
}

/**
 * PUT /api/v1/statuses/:id: the author's own local post gets new text (mentions and hashtags
 * re-read), the version is kept for its history, an `Update` goes to the followers and the
 * mentioned, the local accounts that boosted it are told, and streams get `status.update`.
 * Visibility and the replied-to post stay as they were (as in Mastodon).
 */
export async function editStatus(fed: FedDeps, actor: Actor, id: string, input: EditStatusInput): Promise<StoredObject> {
  const object = await visibleObject(fed, actor, id);
  if (object.actorId !== actor.id || !object.local || object.type !== 'Note') throw notFound('STATUS_NOT_FOUND', 'Record not found');
  const attached = await fed.store.media.listByObject(object.id);
  if (input.mediaIds !== undefined && [...new Set(input.mediaIds)].join(',') !== attached.map((m) => m.id).join(',')) {
    throw invalid('MEDIA_EDIT_UNSUPPORTED', 'Validation failed: attachments cannot be changed by an edit here; delete and redraft the post');
  }
  const composed = await compose(fed, input.text ?? '', input.spoilerText, undefined, attached.length > 0);
  const now = fed.now().toISOString();
  const language = input.language || object.language || fed.config.instance.languages[0] || 'en';
  const followers = actor.followersUri ? [actor.followersUri] : [];
  const { to, cc } = addressing(object.visibility, followers, composed.mentioned.map((a) => a.uri));
  const data: Record<string, unknown> = {
    ...object.data,
    summary: composed.spoiler || null,
    to,
    cc,
    sensitive: input.sensitive ?? (!!composed.spoiler || !!object.data.sensitive),
    content: composed.content,
    contentMap: { [language]: composed.content },
    tag: composed.tag,
    updated: now,
  };
  const { '@context': _c, ...embedded } = data;
  const update = { '@context': AS_CONTEXT, id: `${object.uri}#updates/${Date.parse(now)}`, type: 'Update', actor: actor.uri, published: now, to, cc, object: embedded };
  const remoteInboxes = [...new Set(composed.mentioned.filter((a) => a.domain !== null).map(inboxOf))];
  const updated = await fed.store.transaction(async (tx) => {
    const saved = await tx.objects.update(object.id, { data, language, updatedAt: now });
    await queueDelivery(fed, tx, actor, update, { followers: object.visibility !== 'direct', inboxes: remoteInboxes });
    await tx.statuses.saveVersion({ id: newId(fed.now().getTime()), objectId: object.id, text: input.text, spoilerText: composed.spoiler, sensitive: !!data.sensitive, content: composed.content, createdAt: now });
    for (const boost of await tx.statuses.reactions(object.uri, 'Announce', { limit: 200 })) {
      if (boost.local) await notify(fed, tx, { type: 'update', accountId: boost.actorId, fromActorId: actor.id, statusId: object.id });
    }
    for (const a of composed.mentioned) if (a.domain === null) await notify(fed, tx, { type: 'mention', accountId: a.id, fromActorId: actor.id, statusId: object.id });
    return saved!;
  });
  fed.wake();
  announce(fed, { kind: 'edit', entryId: object.id });
  return updated;
}

/** Mastodon's to/cc per visibility (ActivityPub::TagManager#to/#cc). */
export function addressing(visibility: Visibility, followers: string[], mentions: string[]): { to: string[]; cc: string[] } {
  switch (visibility) {
    case 'public': return { to: [PUBLIC], cc: [...followers, ...mentions] };
    case 'unlisted': return { to: followers, cc: [PUBLIC, ...mentions] };
    case 'private': return { to: followers, cc: mentions };
    default: return { to: mentions, cc: [] };
  }
}

/** DELETE /api/v1/statuses/:id: only the author's own, not yet deleted post. */
export async function deleteStatus(fed: FedDeps, actor: Actor, id: string): Promise<StoredObject> {
  const object = await visibleObject(fed, actor, id);
  // Mastodon looks the id up among the caller's own statuses only: another's is 404.
  if (object.actorId !== actor.id || !object.local) throw notFound('STATUS_NOT_FOUND', 'Record not found');
  await deleteNote(fed, actor.username, object.uri);
  // A deleted post leaves the profile (and frees its pin).
  await fed.store.relations.deletePinsOf(object.id);
  const solution = object.inReplyToUri && (object.visibility === 'public' || object.visibility === 'unlisted') ? await fed.store.solutions.getByUri(object.inReplyToUri) : undefined;
  if (solution && !solution.deletedAt) await onSolutionReplyDeleted(fed, solution, object);
  announce(fed, { kind: 'delete', statusId: object.id, actorId: actor.id });
  return object;
}
