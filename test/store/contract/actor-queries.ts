import type { ContractSuite } from './types.js';
import { putActor } from './fixtures.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('actors.searchLocal: prefix of username or display name, case-insensitive, local only, usernames first, limited', async (t) => {
    const store = await fresh();
    await putActor(store, { username: 'anna', displayName: 'Anna Berg' });
    await putActor(store, { username: 'bo', displayName: 'Annette Bo' });
    await putActor(store, { username: 'carl', displayName: 'Carl' });
    await putActor(store, { username: 'annika', displayName: 'Annika', domain: 'remote.test' });
    await putActor(store, { username: 'x_y', displayName: 'Percent 100%' });
    t.same((await store.actors.searchLocal('ANN', 10)).map((a) => a.username), ['anna', 'bo']);
    t.same((await store.actors.searchLocal('ann', 1)).map((a) => a.username), ['anna']);
    t.same((await store.actors.searchLocal('zzz', 10)), []);
    t.same((await store.actors.searchLocal('_', 10)).map((a) => a.username), [], '_ is literal, not a wildcard');
    t.same((await store.actors.searchLocal('x_', 10)).map((a) => a.username), ['x_y']);
  });

  t.test('actors.remoteDomains: distinct sorted hosts of remote actors', async (t) => {
    const store = await fresh();
    t.same(await store.actors.remoteDomains(), []);
    await putActor(store, { username: 'a', domain: 'b.example' });
    await putActor(store, { username: 'b', domain: 'a.example:8443' });
    await putActor(store, { username: 'c', domain: 'b.example' });
    await putActor(store, { username: 'local' });
    t.same(await store.actors.remoteDomains(), ['a.example:8443', 'b.example']);
  });
};
export default suite;
