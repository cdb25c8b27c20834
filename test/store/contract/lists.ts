import { StoreConflict, type UserList } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('lists: put, get, per-user listing in id order, update, delete', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    const list = (id: string, userId: string, title: string): UserList => ({
      id, userId, title, repliesPolicy: 'list', exclusive: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    });
    await store.lists.put(list('2', a.id, 'Second'));
    await store.lists.put(list('1', a.id, 'First'));
    await store.lists.put(list('3', b.id, 'Other'));
    await t.rejects(store.lists.put(list('3', a.id, 'dup')), StoreConflict);
    t.same(await store.lists.getById('1'), list('1', a.id, 'First'));
    t.same((await store.lists.listForUser(a.id)).map((l) => l.title), ['First', 'Second']);
    t.equal(await store.lists.countForUser(a.id), 2);
    const updated = await store.lists.update('1', { title: 'Renamed', exclusive: true, repliesPolicy: 'none', updatedAt: '2026-01-02T00:00:00.000Z' });
    t.match(updated, { title: 'Renamed', exclusive: true, repliesPolicy: 'none', updatedAt: '2026-01-02T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
    t.equal(await store.lists.update('404', { title: 'x' }), undefined);
    t.equal(await store.lists.delete('1'), true);
    t.equal(await store.lists.delete('1'), false);
    t.equal(await store.lists.getById('1'), undefined);
    t.equal(await store.lists.countForUser(a.id), 1);
  });
};
export default suite;
