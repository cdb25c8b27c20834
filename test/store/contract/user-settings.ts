import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('userSettings: missing until put; put overwrites the whole record', async (t) => {
    const store = await fresh();
    const user = await putUser(store);
    t.equal(await store.userSettings.get(user.id), undefined);
    const s1 = { userId: user.id, defaultVisibility: 'unlisted' as const, defaultSensitive: true, defaultLanguage: 'da', uiLanguage: 'fi', updatedAt: '2026-01-01T00:00:00.000Z' };
    await store.userSettings.put(s1);
    t.same(await store.userSettings.get(user.id), s1);
    const s2 = { ...s1, defaultVisibility: 'public' as const, defaultSensitive: false, defaultLanguage: null, uiLanguage: null, updatedAt: '2026-01-02T00:00:00.000Z' };
    await store.userSettings.put(s2);
    t.same(await store.userSettings.get(user.id), s2);
  });
};
export default suite;
