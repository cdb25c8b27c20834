import type { Actor } from '../../store/port.js';
import { ACTOR_CONTEXT } from '../vocab/context.js';
import { escapeHtml } from '../../html/escape.js';

/** The actor document Mastodon, GoToSocial and Fedify read (interop.md, "Actors"). */
export function localActorToAs(actor: Actor): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    '@context': ACTOR_CONTEXT,
    id: actor.uri,
    type: actor.type,
    preferredUsername: actor.username,
    name: actor.displayName,
    summary: actor.summary,
    url: actor.url,
    inbox: actor.inbox,
    outbox: actor.outbox,
    ...(actor.followersUri ? { followers: actor.followersUri } : {}),
    ...(actor.followingUri ? { following: actor.followingUri } : {}),
    ...(actor.featuredUri ? { featured: actor.featuredUri } : {}),
    endpoints: { sharedInbox: actor.sharedInbox },
    publicKey: { id: actor.publicKeyId, owner: actor.uri, publicKeyPem: actor.publicKeyPem },
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers,
    discoverable: actor.discoverable,
    indexable: actor.indexable,
    published: actor.createdAt,
    attachment: actor.fields.map((f) => ({ type: 'PropertyValue', name: f.name, value: escapeHtml(f.value) })),
    tag: [],
  };
  if (actor.avatarUrl) doc.icon = { type: 'Image', url: actor.avatarUrl, mediaType: guessImageType(actor.avatarUrl) };
  if (actor.headerUrl) doc.image = { type: 'Image', url: actor.headerUrl, mediaType: guessImageType(actor.headerUrl) };
  return doc;
}

function guessImageType(url: string): string {
  const ext = url.split('?')[0]!.split('.').pop()?.toLowerCase();
  return ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : ext === 'gif' ? 'image/gif' : 'image/jpeg';
}
