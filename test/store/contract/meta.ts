import type { ContractSuite } from './types.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('meta: get of a missing key is undefined; set then get; set overwrites', async (t) => {
    const store = await fresh();
    t.equal(await store.meta.get('agencyActorId'), undefined);
    await store.meta.set('agencyActorId', '1');
    await store.meta.set('agencyActorId', '2');
    t.equal(await store.meta.get('agencyActorId'), '2');
  });
};
export default suite;
