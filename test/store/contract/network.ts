import { StoreConflict } from '../../../src/store/port.js';
import { newId } from '../../../src/ids.js';
import type { ContractSuite } from './types.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('relays: put, look up by actor and follow uri, state, list oldest first, delete; unique actor', async (t) => {
    const store = await fresh();
    const now = new Date().toISOString();
    const r1 = await store.relays.put({ id: newId(), actorUri: 'https://r1.example/actor', inbox: 'https://r1.example/inbox', followUri: 'https://l.test/actor#relays/1', state: 'pending', createdAt: now, updatedAt: now });
    const r2 = await store.relays.put({ id: newId(), actorUri: 'https://r2.example/actor', inbox: 'https://r2.example/inbox', followUri: 'https://l.test/actor#relays/2', state: 'pending', createdAt: now, updatedAt: now });
    t.same(await store.relays.getByActorUri(r1.actorUri), r1);
    t.same(await store.relays.getByFollowUri(r2.followUri), r2);
    await store.relays.setState(r1.id, 'accepted', now);
    t.equal((await store.relays.getById(r1.id))?.state, 'accepted');
    t.same((await store.relays.list()).map((r) => r.id), [r1.id, r2.id]);
    await t.rejects(store.relays.put({ ...r2, id: newId(), followUri: 'https://l.test/actor#relays/3' }), StoreConflict);
    t.equal(await store.relays.delete(r2.id), true);
    t.equal(await store.relays.delete(r2.id), false);
    t.same((await store.relays.list()).map((r) => r.id), [r1.id]);
  });

  t.test('agency feed: hide is idempotent, show removes, hiddenBy lists one account\'s', async (t) => {
    const store = await fresh();
    const now = new Date().toISOString();
    const { populateEveryKind } = await import('../../helpers/populate.js');
    await populateEveryKind(store, 1);
    const [a, b] = (await store.transfer.page('actors', null, 2)).records.map((r) => r.id as string);
    await store.agencyFeed.show(a!, b!);
    await store.agencyFeed.hide({ accountId: a!, authorId: b!, createdAt: now });
    await store.agencyFeed.hide({ accountId: a!, authorId: b!, createdAt: now });
    t.equal(await store.agencyFeed.isHidden(a!, b!), true);
    t.equal(await store.agencyFeed.isHidden(b!, a!), false);
    t.same(await store.agencyFeed.hiddenBy(a!, 10), [b]);
    t.equal(await store.agencyFeed.show(a!, b!), true);
    t.equal(await store.agencyFeed.show(a!, b!), false);
    t.same(await store.agencyFeed.hiddenBy(a!, 10), []);
  });
};
export default suite;
