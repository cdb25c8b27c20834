import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('audit: append-only, newest first, paged and filtered', async (t) => {
    const store = await fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newId();
      ids.push(id);
      await store.audit.append({ id, at: new Date().toISOString(), actor: 'cli', action: i % 2 ? 'domain.block' : 'account.create', target: `t${i}`, details: { i }, ip: null });
    }
    const all = await store.audit.list();
    t.same(all.map((e) => e.id), [...ids].reverse());
    t.same(all[0]!.details, { i: 4 });
    t.same((await store.audit.list({ limit: 2 })).map((e) => e.target), ['t4', 't3']);
    t.same((await store.audit.list({ beforeId: ids[2] })).map((e) => e.target), ['t1', 't0']);
    t.same((await store.audit.list({ action: 'domain.block' })).map((e) => e.target), ['t3', 't1']);
  });
};
export default suite;
