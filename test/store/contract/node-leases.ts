import type { ContractSuite } from './types.js';

const T = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s)).toISOString();

const suite: ContractSuite = (t, fresh) => {
  t.test('node leases: distinct numbers, preferred when free, renew, expiry frees, release', async (t) => {
    const store = await fresh();
    t.equal(await store.nodeLeases.claim('a', T(0), T(90), 4), 0, 'the lowest free number');
    t.equal(await store.nodeLeases.claim('b', T(0), T(90), 4, 0), 1, 'a held preferred number is not given twice');
    t.equal(await store.nodeLeases.claim('c', T(0), T(90), 4, 3), 3, 'a free preferred number is taken');
    t.equal(await store.nodeLeases.claim('d', T(0), T(90), 4), 2);
    t.equal(await store.nodeLeases.claim('e', T(0), T(90), 4), undefined, 'all held');
    t.equal(await store.nodeLeases.claim('a', T(1), T(91), 4, 0), 0, 'the holder may claim its own again');
    t.equal(await store.nodeLeases.renew(1, 'b', T(120)), true);
    t.equal(await store.nodeLeases.renew(1, 'x', T(120)), false, 'only the holder renews');
    // At T(100) the leases of a (91), c and d (90) ran out; b's (120) did not.
    t.equal(await store.nodeLeases.claim('e', T(100), T(190), 4, 1), 0, 'an expired lease is free again; a live one is not');
    t.equal(await store.nodeLeases.renew(0, 'a', T(200)), false, 'the former holder learns it lost it');
    await store.nodeLeases.release(1, 'x');
    t.same((await store.nodeLeases.list()).find((l) => l.nodeId === 1)?.owner, 'b', 'release by another owner does nothing');
    await store.nodeLeases.release(1, 'b');
    t.notOk((await store.nodeLeases.list()).some((l) => l.nodeId === 1), 'released');
    t.same((await store.nodeLeases.list()).map((l) => l.nodeId), [0, 2, 3]);
  });
};

export default suite;
