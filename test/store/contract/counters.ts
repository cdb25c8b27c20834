import type { ContractSuite } from './types.js';

const W1 = '2026-12-01T12:00:00.000Z';
const W2 = '2026-12-01T12:05:00.000Z';
const END1 = '2026-12-01T12:05:00.000Z';
const END2 = '2026-12-01T12:10:00.000Z';

const suite: ContractSuite = (t, fresh) => {
  t.test('counters: atomic adds per window, reads, reset, sweep of expired windows', async (t) => {
    const store = await fresh();
    t.equal(await store.counters.add('k', W1, END1, 0), 0, 'an unknown window reads 0');
    t.equal(await store.counters.add('k', W1, END1, 1), 1);
    t.equal(await store.counters.add('k', W1, END1, 4), 5);
    const parallel = await Promise.all(Array.from({ length: 20 }, () => store.counters.add('k', W1, END1, 1)));
    t.equal(Math.max(...parallel), 25, 'concurrent adds lose nothing');
    t.equal(new Set(parallel).size, 20, 'each add sees its own total');
    t.equal(await store.counters.add('k', W2, END2, 1), 1, 'a new window starts at 0');
    t.equal(await store.counters.add('other', W1, END1, 2), 2, 'keys are apart');
    t.equal(await store.counters.sweep('2026-12-01T12:06:00.000Z', 100), 2, 'expired windows are swept');
    t.equal(await store.counters.add('k', W1, END1, 0), 0);
    t.equal(await store.counters.add('k', W2, END2, 0), 1, 'a live window stays');
    await store.counters.reset('k');
    t.equal(await store.counters.add('k', W2, END2, 0), 0, 'reset forgets every window of the key');
  });
};

export default suite;
