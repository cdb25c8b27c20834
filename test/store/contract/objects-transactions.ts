import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import type { Store, StoredObject } from '../../../src/store/port.js';

async function anActor(store: Store, username: string, domain: string | null) {
  const uri = `https://${domain ?? 'local.example'}/users/${username}`;
  return store.actors.put({
    id: newId(), uri, username, domain, type: 'Person', displayName: username, summary: '', url: null, inbox: `${uri}/inbox`, sharedInbox: null,
    outbox: null, followersUri: null, followingUri: null, featuredUri: null, publicKeyId: `${uri}#main-key`, publicKeyPem: 'PEM', privateKeyPem: null,
    manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw: null, fetchedAt: null, suspendedAt: null,
  });
}

function object(actorId: string, n: number, local: boolean, extra: Partial<StoredObject> = {}): StoredObject {
  const uri = `https://x.example/objects/${n}`;
  return { id: newId(), uri, type: 'Note', actorId, local, url: uri, inReplyToUri: null, visibility: 'public', language: 'da', publishedAt: new Date().toISOString(), updatedAt: null, deletedAt: null, data: { id: uri, type: 'Note', content: '<p>æøå</p>', tag: [{ type: 'Hashtag', name: '#x' }] }, ...extra };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('objects: put/get round-trip; unique uri; countLocal excludes remote and deleted', async (t) => {
    const store = await fresh();
    const me = await anActor(store, 'me', null);
    const them = await anActor(store, 'them', 'remote.example');
    const o1 = await store.objects.put(object(me.id, 1, true));
    await store.objects.put(object(me.id, 2, true, { deletedAt: new Date().toISOString() }));
    await store.objects.put(object(them.id, 3, false));
    t.same(await store.objects.getById(o1.id), o1);
    t.same(await store.objects.getByUri(o1.uri), o1, 'JSON data with non-ASCII text round-trips');
    await t.rejects(store.objects.put(object(me.id, 1, true)), { name: 'StoreConflict' });
    t.equal(await store.objects.countLocal(), 1);
  });

  t.test('transaction: commits together, rolls back together, returns the result', async (t) => {
    const store = await fresh();
    const result = await store.transaction(async (tx) => {
      await tx.meta.set('a', '1');
      await tx.meta.set('b', '2');
      return 'done';
    });
    t.equal(result, 'done');
    t.equal(await store.meta.get('b'), '2');
    await t.rejects(store.transaction(async (tx) => {
      await tx.meta.set('a', 'changed');
      await tx.meta.set('c', '3');
      throw new Error('boom');
    }), /boom/);
    t.equal(await store.meta.get('a'), '1', 'the write before the throw was rolled back');
    t.equal(await store.meta.get('c'), undefined);
    const conflict = store.transaction(async (tx) => {
      await tx.meta.set('d', '4');
      await tx.actors.put((await anActor(tx, 'dup', null)) as never);
    });
    await t.rejects(conflict, { name: 'StoreConflict' }, 'a store conflict inside also rolls back');
    t.equal(await store.meta.get('d'), undefined);
  });

  t.test('transaction: writes by others while it runs are neither lost nor rolled back with it', async (t) => {
    const store = await fresh();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = store.transaction(async (inner) => {
      await inner.meta.set('inside', 'x');
      await gate;
      throw new Error('abort');
    });
    const outside = store.meta.set('outside', 'kept');
    release();
    await t.rejects(tx, /abort/);
    await outside;
    t.equal(await store.meta.get('outside'), 'kept');
    t.equal(await store.meta.get('inside'), undefined);
  });
};
export default suite;
