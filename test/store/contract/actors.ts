import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import type { NewActor } from '../../../src/store/port.js';

function actor(username: string, domain: string | null, extra: Partial<NewActor> = {}): NewActor {
  const uri = `https://${domain ?? 'local.example'}/users/${username}`;
  return {
    id: newId(), uri, username, domain, type: 'Person', displayName: username, summary: '<p>hi</p>', url: null, inbox: `${uri}/inbox`,
    sharedInbox: null, outbox: null, followersUri: null, followingUri: null, featuredUri: null, publicKeyId: `${uri}#main-key`,
    publicKeyPem: 'PEM', privateKeyPem: domain ? null : 'PRIVATE', manuallyApprovesFollowers: false, discoverable: true, indexable: true,
    avatarUrl: null, headerUrl: null, fields: [{ name: 'Role', value: 'Case worker' }], raw: domain ? { id: uri, type: 'Person' } : null,
    fetchedAt: null, suspendedAt: null, ...extra,
  };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('actors: put returns the stored record; getters by id, uri, keyId, username', async (t) => {
    const store = await fresh();
    const a = await store.actors.put(actor('Mette', null));
    t.ok(a.createdAt && a.updatedAt, 'timestamps filled in');
    t.same(await store.actors.getById(a.id), a, 'every field round-trips (booleans, JSON, nulls)');
    t.same(await store.actors.getByUri(a.uri), a);
    t.same(await store.actors.getByKeyId(a.publicKeyId), a);
    t.same(await store.actors.getByUsername('mette', null), a, 'username is case-insensitive');
    t.same(await store.actors.getByUsername('METTE', null), a);
    t.equal(await store.actors.getByUsername('mette', 'remote.example'), undefined, 'local and remote are different names');
    t.equal(await store.actors.getById('0'), undefined);
    t.equal(await store.actors.getByUri('https://nowhere.example/u'), undefined);
  });

  t.test('actors: duplicate uri or (username, domain) is a StoreConflict; same username on another domain is fine', async (t) => {
    const store = await fresh();
    const a = await store.actors.put(actor('lars', null));
    await t.rejects(store.actors.put({ ...actor('lars2', null), uri: a.uri }), { name: 'StoreConflict' });
    await t.rejects(store.actors.put({ ...actor('LARS', null), uri: 'https://local.example/users/other' }), { name: 'StoreConflict' });
    const remote = await store.actors.put(actor('lars', 'remote.example'));
    t.equal((await store.actors.getByUsername('lars', 'remote.example'))?.id, remote.id);
  });

  t.test('actors: update patches fields and bumps updatedAt; unknown id gives undefined', async (t) => {
    const store = await fresh();
    const a = await store.actors.put(actor('anna', null, { updatedAt: '2020-01-01T00:00:00.000Z', createdAt: '2020-01-01T00:00:00.000Z' }));
    const u = await store.actors.update(a.id, { displayName: 'Anna A', fields: [], manuallyApprovesFollowers: true, suspendedAt: '2026-01-01T00:00:00.000Z' });
    t.equal(u?.displayName, 'Anna A');
    t.same(u?.fields, []);
    t.equal(u?.manuallyApprovesFollowers, true);
    t.equal(u?.suspendedAt, '2026-01-01T00:00:00.000Z');
    t.equal(u?.createdAt, a.createdAt);
    t.not(u?.updatedAt, a.updatedAt);
    t.equal(await store.actors.update('0', { displayName: 'x' }), undefined);
  });

  t.test('actors: listLocal pages in id order; countLocal excludes remote', async (t) => {
    const store = await fresh();
    const locals = [];
    for (const name of ['a1', 'a2', 'a3']) locals.push(await store.actors.put(actor(name, null)));
    await store.actors.put(actor('r1', 'remote.example'));
    t.equal(await store.actors.countLocal(), 3);
    t.same((await store.actors.listLocal()).map((x) => x.username), ['a1', 'a2', 'a3']);
    t.same((await store.actors.listLocal({ limit: 2 })).map((x) => x.username), ['a1', 'a2']);
    t.same((await store.actors.listLocal({ afterId: locals[1]!.id })).map((x) => x.username), ['a3']);
  });

  t.test('actors: a domain block suspends the domain and its subdomains, and lifts exactly its own suspensions', async (t) => {
    const store = await fresh();
    const main = await store.actors.put(actor('x', 'spam.example'));
    const sub = await store.actors.put(actor('y', 'a.spam.example'));
    const withPort = await store.actors.put(actor('z', 'spam.example:8443'));
    const lookalike = await store.actors.put(actor('w', 'notspam.example'));
    const earlier = await store.actors.put(actor('v', 'spam.example', { suspendedAt: '2025-01-01T00:00:00.000Z' }));
    const local = await store.actors.put(actor('spam', null));
    const at = '2026-11-22T12:00:00.000Z';
    t.equal(await store.actors.suspendDomain('spam.example', at), 3);
    for (const a of [main, sub, withPort]) t.equal((await store.actors.getById(a.id))?.suspendedAt, at, a.domain!);
    t.equal((await store.actors.getById(lookalike.id))?.suspendedAt, null);
    t.equal((await store.actors.getById(local.id))?.suspendedAt, null);
    t.equal((await store.actors.getById(earlier.id))?.suspendedAt, '2025-01-01T00:00:00.000Z', 'an earlier suspension is kept');
    t.equal(await store.actors.unsuspendDomain('spam.example', at), 3);
    t.equal((await store.actors.getById(main.id))?.suspendedAt, null);
    t.equal((await store.actors.getById(earlier.id))?.suspendedAt, '2025-01-01T00:00:00.000Z', 'and survives the lifting');
  });
};
export default suite;
