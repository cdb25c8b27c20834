import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('markers: save upserts and bumps the version; get returns only the asked timelines of that user', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    t.same(await store.markers.get(a.id, ['home', 'notifications']), []);
    const first = await store.markers.save(a.id, 'home', '100', '2026-01-01T00:00:00.000Z');
    t.same(first, { userId: a.id, timeline: 'home', lastReadId: '100', version: 1, updatedAt: '2026-01-01T00:00:00.000Z' });
    const second = await store.markers.save(a.id, 'home', '105', '2026-01-01T00:01:00.000Z');
    t.equal(second.version, 2);
    t.equal(second.lastReadId, '105');
    await store.markers.save(a.id, 'notifications', '7', '2026-01-01T00:02:00.000Z');
    await store.markers.save(b.id, 'home', '1', '2026-01-01T00:02:00.000Z');
    t.same((await store.markers.get(a.id, ['home'])).map((m) => m.lastReadId), ['105']);
    t.same((await store.markers.get(a.id, ['home', 'notifications'])).map((m) => m.timeline).sort(), ['home', 'notifications']);
    t.same(await store.markers.get(a.id, []), []);
  });
};
export default suite;
