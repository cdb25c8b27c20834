import { StoreConflict, type FilterKeyword, type UserFilter } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('filters: put, per-user listing, update, keywords and statuses, cascade', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    const at = '2026-01-01T00:00:00.000Z';
    const filter = (id: string, userId: string, title: string): UserFilter => ({
      id, userId, title, context: ['home', 'public'], action: 'warn', expiresAt: null, createdAt: at, updatedAt: at,
    });
    await store.filters.put(filter('2', a.id, 'Second'));
    await store.filters.put(filter('1', a.id, 'First'));
    await store.filters.put(filter('3', b.id, 'Other'));
    await t.rejects(store.filters.put(filter('3', a.id, 'dup')), StoreConflict);
    t.same(await store.filters.getById('1'), filter('1', a.id, 'First'));
    t.same((await store.filters.listForUser(a.id)).map((f) => f.title), ['First', 'Second']);
    const updated = await store.filters.update('1', { title: 'Renamed', context: ['notifications'], action: 'hide', expiresAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
    t.same(updated, { ...filter('1', a.id, 'Renamed'), context: ['notifications'], action: 'hide', expiresAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
    t.equal(await store.filters.update('404', { title: 'x' }), undefined);

    const kw = (id: string, filterId: string, keyword: string, wholeWord = true): FilterKeyword => ({ id, filterId, keyword, wholeWord, createdAt: at });
    await store.filters.putKeyword(kw('11', '1', 'sms'));
    await store.filters.putKeyword(kw('10', '1', 'påmindelse', false));
    await store.filters.putKeyword(kw('12', '2', 'x'));
    await store.filters.putKeyword(kw('13', '3', 'y'));
    t.same((await store.filters.keywordsOf(['1', '2'])).map((k) => k.id), ['10', '11', '12']);
    t.same(await store.filters.getKeyword('10'), kw('10', '1', 'påmindelse', false));
    t.same(await store.filters.updateKeyword('10', { keyword: 'SMS-påmindelse', wholeWord: true }), kw('10', '1', 'SMS-påmindelse', true));
    t.equal(await store.filters.deleteKeyword('12'), true);
    t.equal(await store.filters.deleteKeyword('12'), false);
    t.same(await store.filters.keywordsOf([]), []);

    await store.filters.putStatus({ id: '20', filterId: '1', statusId: '500', createdAt: at });
    await t.rejects(store.filters.putStatus({ id: '21', filterId: '1', statusId: '500', createdAt: at }), StoreConflict, 'a status once per filter');
    await store.filters.putStatus({ id: '22', filterId: '2', statusId: '500', createdAt: at });
    t.same((await store.filters.statusesOf(['1', '2'])).map((s) => s.id), ['20', '22']);
    t.same(await store.filters.getStatus('20'), { id: '20', filterId: '1', statusId: '500', createdAt: at });
    t.equal(await store.filters.deleteStatus('22'), true);

    t.equal(await store.filters.delete('1'), true);
    t.equal(await store.filters.delete('1'), false);
    t.same(await store.filters.keywordsOf(['1']), [], 'keywords go with the filter');
    t.same(await store.filters.statusesOf(['1']), [], 'statuses go with the filter');
    t.equal(await store.filters.getKeyword('11'), undefined);
    t.same((await store.filters.keywordsOf(['3'])).map((k) => k.id), ['13'], "another user's filter is untouched");
  });
};
export default suite;
