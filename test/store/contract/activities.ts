import { newId } from '../../../src/ids.js';
import type { ContractSuite } from './types.js';
import { putActor } from './follows.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('activities: a uri is stored once; find, list, count, delete', async (t) => {
    const store = await fresh();
    const bob = await putActor(store, 'bob', 'b.example');
    const like = { id: newId(), uri: 'https://b.example/likes/1', type: 'Like', actorId: bob.id, objectUri: 'https://x/notes/1', local: false, public: false, createdAt: '2026-01-01T00:00:00.000Z', data: null };
    await store.activities.put(like);
    await t.rejects(store.activities.put({ ...like, id: newId() }), { name: 'StoreConflict' }, 'a redelivery is a conflict');
    t.same(await store.activities.getByUri(like.uri), like);
    t.same(await store.activities.find({ actorId: bob.id, type: 'Like', objectUri: 'https://x/notes/1' }), like);
    t.equal(await store.activities.countByObject('https://x/notes/1', 'Like'), 1);
    for (let i = 0; i < 3; i++) {
      await store.activities.put({ id: newId(), uri: `https://b.example/c/${i}`, type: 'Create', actorId: bob.id, objectUri: null, local: true, public: i !== 1, createdAt: '2026-01-01T00:00:00.000Z', data: { i } });
    }
    const pub = await store.activities.listByActor(bob.id, { types: ['Create'], publicOnly: true, limit: 10 });
    t.same(pub.map((a) => a.data), [{ i: 2 }, { i: 0 }], 'newest first, public only');
    t.equal(await store.activities.countByActor(bob.id, { types: ['Create'], publicOnly: false }), 3);
    const older = await store.activities.listByActor(bob.id, { types: ['Create'], publicOnly: false, limit: 10, beforeId: pub[0]!.id });
    t.equal(older.length, 2);
    t.ok(await store.activities.deleteByUri(like.uri));
    t.equal(await store.activities.countByObject('https://x/notes/1', 'Like'), 0);
    const eve = await putActor(store, 'eve', 'e.example');
    await store.activities.put({ id: newId(), uri: 'https://e.example/c/1', type: 'Create', actorId: eve.id, objectUri: null, local: false, public: true, createdAt: '2026-01-01T00:00:00.000Z', data: null });
    t.equal(await store.activities.deleteAllOf(bob.id, 2), 2, 'a bounded call removes at most its limit');
    t.equal(await store.activities.deleteAllOf(bob.id, 2), 1, 'the next one the rest');
    t.equal(await store.activities.deleteAllOf(bob.id, 2), 0, 'then nothing is left');
    t.equal(await store.activities.deleteAllOf(bob.id), 0);
    t.equal(await store.activities.countByActor(eve.id, { types: ['Create'], publicOnly: false }), 1, "another actor's stay");
  });
};
export default suite;
