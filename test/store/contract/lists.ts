import { StoreConflict, type UserList } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putActor, putUser } from './fixtures.js';

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

  t.test('list members: idempotent add, newest-first pages, ids, lists of a member, removal, cascade', async (t) => {
    const store = await fresh();
    const user = await putUser(store);
    const otherUser = await putUser(store);
    const list = (id: string, userId: string): UserList => ({
      id, userId, title: `L${id}`, repliesPolicy: 'list', exclusive: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    });
    await store.lists.put(list('10', user.id));
    await store.lists.put(list('11', user.id));
    await store.lists.put(list('12', otherUser.id));
    const a = await putActor(store);
    const b = await putActor(store);
    const c = await putActor(store);
    const add = (id: string, listId: string, actorId: string) => store.lists.addMember({ id, listId, actorId, createdAt: '2026-01-01T00:00:00.000Z' });
    await add('100', '10', a.id);
    await add('101', '10', b.id);
    await add('102', '10', c.id);
    await add('103', '10', a.id);
    await add('104', '11', a.id);
    await add('105', '12', a.id);
    t.same((await store.lists.members('10', { limit: 10 })).map((m) => m.actorId), [c.id, b.id, a.id], 'adding twice keeps one entry');
    t.same((await store.lists.members('10', { limit: 10 }))[2], { id: '100', listId: '10', actorId: a.id, createdAt: '2026-01-01T00:00:00.000Z' });
    t.same((await store.lists.members('10', { limit: 1, beforeId: '102' })).map((m) => m.id), ['101']);
    t.same((await store.lists.members('10', { limit: 1, afterId: '100' })).map((m) => m.id), ['101'], 'afterId: the ones right after it');
    t.same((await store.lists.members('10', { limit: 10, afterId: '100', beforeId: '102' })).map((m) => m.id), ['101']);
    t.same(await store.lists.memberIds('10', 10), [a.id, b.id, c.id]);
    t.same(await store.lists.memberIds('10', 2), [a.id, b.id]);
    t.same((await store.lists.listsWithMember(user.id, a.id)).map((l) => l.id), ['10', '11']);
    t.same((await store.lists.listsWithMember(otherUser.id, a.id)).map((l) => l.id), ['12']);
    t.equal(await store.lists.removeMember('10', b.id), true);
    t.equal(await store.lists.removeMember('10', b.id), false);
    t.equal(await store.lists.removeFromUserLists(user.id, a.id), 2, "off every list of that user");
    t.same((await store.lists.listsWithMember(otherUser.id, a.id)).map((l) => l.id), ['12'], "another user's list keeps it");
    t.same(await store.lists.memberIds('10', 10), [c.id]);
    await store.lists.delete('10');
    t.same(await store.lists.memberIds('10', 10), [], 'a deleted list takes its members');
  });
};
export default suite;
