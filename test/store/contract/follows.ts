import type { Actor, Store } from '../../../src/store/port.js';
import { newId } from '../../../src/ids.js';
import type { ContractSuite } from './types.js';

export async function putActor(store: Store, username: string, domain: string | null, extra: Partial<Actor> = {}): Promise<Actor> {
  const base = domain ? `https://${domain}` : 'https://local.example';
  return store.actors.put({
    id: newId(), uri: `${base}/users/${username}`, username, domain, type: 'Person', displayName: username, summary: '', url: null,
    inbox: `${base}/users/${username}/inbox`, sharedInbox: domain ? `${base}/inbox` : null, outbox: null, followersUri: null, followingUri: null,
    featuredUri: null, publicKeyId: `${base}/users/${username}#main-key`, publicKeyPem: 'pem', privateKeyPem: null,
    manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw: null,
    fetchedAt: null, suspendedAt: null, ...extra,
  });
}

const now = '2026-01-01T00:00:00.000Z';

const suite: ContractSuite = (t, fresh) => {
  t.test('follows: put, lookups, state, pair and uri uniqueness', async (t) => {
    const store = await fresh();
    const me = await putActor(store, 'me', null);
    const bob = await putActor(store, 'bob', 'b.example');
    const f = await store.follows.put({ id: newId(), uri: 'https://local.example/follows/1', followerId: me.id, followeeId: bob.id, state: 'pending', createdAt: now, updatedAt: now });
    t.same(await store.follows.getByUri(f.uri), f);
    t.same(await store.follows.getByPair(me.id, bob.id), f);
    t.equal(await store.follows.getByPair(bob.id, me.id), undefined);
    await t.rejects(store.follows.put({ ...f, id: newId(), uri: 'other' }), { name: 'StoreConflict' });
    await t.rejects(store.follows.put({ ...f, id: newId(), followerId: bob.id, followeeId: me.id }), { name: 'StoreConflict' });
    await store.follows.setState(f.id, 'accepted', now);
    t.equal((await store.follows.getById(f.id))?.state, 'accepted');
    t.equal((await store.follows.getById(f.id))?.uri, f.uri, 'the Follow id never changes');
    t.equal(await store.follows.countFollowing(me.id, 'accepted'), 1);
    t.equal(await store.follows.countFollowers(bob.id), 1);
    t.ok(await store.follows.delete(f.id));
    t.notOk(await store.follows.delete(f.id));
  });

  t.test('follows: follower inboxes are distinct, shared inbox preferred, accepted only, remote only', async (t) => {
    const store = await fresh();
    const me = await putActor(store, 'me', null);
    const a1 = await putActor(store, 'a1', 'a.example');
    const a2 = await putActor(store, 'a2', 'a.example');
    const c = await putActor(store, 'c', 'c.example', { sharedInbox: null });
    const p = await putActor(store, 'p', 'p.example');
    const local = await putActor(store, 'other', null);
    let i = 0;
    for (const [who, state] of [[a1, 'accepted'], [a2, 'accepted'], [c, 'accepted'], [p, 'pending'], [local, 'accepted']] as const) {
      await store.follows.put({ id: newId(), uri: `u${i++}`, followerId: who.id, followeeId: me.id, state, createdAt: now, updatedAt: now });
    }
    t.same(await store.follows.followerInboxes(me.id), ['https://a.example/inbox', 'https://c.example/users/c/inbox']);
    const page1 = await store.follows.listFollowers(me.id, { state: 'accepted', limit: 2 });
    t.equal(page1.length, 2);
    const page2 = await store.follows.listFollowers(me.id, { state: 'accepted', limit: 2, beforeId: page1[1]!.id });
    t.equal(page2.length, 2);
    t.equal(new Set([...page1, ...page2].map((f) => f.id)).size, 4);
    t.equal(await store.follows.deleteFollowersReachedAt(me.id, 'https://a.example/inbox'), 2);
    t.same(await store.follows.followerInboxes(me.id), ['https://c.example/users/c/inbox']);
    t.equal(await store.follows.deleteAllOf(me.id, 2), 2, 'a bounded call removes at most its limit');
    t.equal(await store.follows.deleteAllOf(me.id, 2), 1);
    t.equal(await store.follows.deleteAllOf(me.id, 2), 0);
    t.equal(await store.follows.countFollowers(me.id), 0);
  });
};
export default suite;
