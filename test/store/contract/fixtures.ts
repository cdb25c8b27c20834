import type { Actor, Store, User } from '../../../src/store/port.js';

let seq = 0;

/** A minimal actor row through the port only (no keys are generated: contract tests need none). */
export async function putActor(store: Store, over: Partial<Actor> = {}): Promise<Actor> {
  const n = ++seq;
  const username = over.username ?? `user${n}`;
  const base = over.domain ? `https://${over.domain}` : 'https://local.test';
  const id = String(1_000_000 + n);
  return store.actors.put({
    id, uri: `${base}/users/${username}`, username, domain: null, type: 'Person', displayName: username, summary: '',
    url: null, inbox: `${base}/users/${username}/inbox`, sharedInbox: null, outbox: null, followersUri: null,
    followingUri: null, featuredUri: null, publicKeyId: `${base}/users/${username}#main-key`, publicKeyPem: 'PEM',
    privateKeyPem: null, manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null,
    headerUrl: null, fields: [], raw: null, fetchedAt: null, suspendedAt: null, ...over,
  });
}

export async function putUser(store: Store, actor?: Actor): Promise<User> {
  const a = actor ?? (await putActor(store));
  return store.users.put({
    id: `u${a.id}`, actorId: a.id, role: 'user', staffRole: 'author', email: null, passwordHash: null, mustChangePassword: false,
    disabledAt: null, createdAt: new Date(0).toISOString(), lastActiveAt: null,
  });
}
