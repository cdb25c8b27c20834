import { generateKeyPairSync } from 'node:crypto';
import { newId } from '../../src/ids.js';
import type { Actor, Store, StoredObject } from '../../src/store/port.js';

let cachedPem: string | undefined;
function publicPem(): string {
  cachedPem ??= generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey;
  return cachedPem;
}

/** A remote actor row as the federation code caches it, for tests that need one without a server. */
export async function putRemoteActor(store: Store, username: string, domain: string, extra: Partial<Actor> = {}): Promise<Actor> {
  const uri = `https://${domain}/users/${username}`;
  return store.actors.put({
    id: newId(), uri, username, domain, type: 'Person', displayName: username, summary: '', url: `https://${domain}/@${username}`,
    inbox: `${uri}/inbox`, sharedInbox: `https://${domain}/inbox`, outbox: `${uri}/outbox`, followersUri: `${uri}/followers`,
    followingUri: `${uri}/following`, featuredUri: null, publicKeyId: `${uri}#main-key`, publicKeyPem: publicPem(), privateKeyPem: null,
    manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw: { id: uri },
    fetchedAt: new Date().toISOString(), suspendedAt: null, ...extra,
  });
}

/** A stored Note by `actor`. */
export async function putNote(store: Store, actor: Actor, n: number): Promise<StoredObject> {
  const uri = `${actor.uri}/statuses/${n}`;
  return store.objects.put({
    id: newId(), uri, type: 'Note', actorId: actor.id, local: actor.domain === null, url: uri, inReplyToUri: null,
    visibility: 'public', language: 'da', publishedAt: new Date().toISOString(), updatedAt: null, deletedAt: null,
    data: { id: uri, type: 'Note', content: `<p>note ${n}</p>`, attributedTo: actor.uri },
  });
}
