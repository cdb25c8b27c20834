import type { StoredStreamEvent } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { eventually } from '../../helpers/eventually.js';

const at = '2026-12-01T12:00:00.000Z';

const suite: ContractSuite = (t, fresh) => {
  t.test('stream events: delivered after commit, in order; a rolled-back transaction delivers nothing', async (t) => {
    const store = await fresh();
    await store.streamEvents.append({ kind: 'before' }, at);
    const got: StoredStreamEvent[] = [];
    const sub = store.streamEvents.subscribe((e) => got.push(e), { pollMs: 20 });
    t.teardown(() => sub.close());
    // Give the subscription its starting point: events from before it are not replayed.
    await new Promise((r) => setTimeout(r, 100));
    await store.streamEvents.append({ kind: 'one' }, at);
    await store.transaction(async (tx) => {
      await tx.streamEvents.append({ kind: 'two' }, at);
      sub.poke();
      await new Promise((r) => setTimeout(r, 100));
      t.notOk(got.some((e) => e.event.kind === 'two'), 'not delivered while its transaction is open');
      await tx.streamEvents.append({ kind: 'three' }, at);
    });
    await t.rejects(store.transaction(async (tx) => {
      await tx.streamEvents.append({ kind: 'rolled-back' }, at);
      throw new Error('abort');
    }), /abort/);
    await store.streamEvents.append({ kind: 'four' }, at);
    sub.poke();
    await eventually('four arrives', async () => got.some((e) => e.event.kind === 'four'), 10_000);
    t.same(got.map((e) => e.event.kind), ['one', 'two', 'three', 'four'], 'in commit order; the rolled-back one never; none from before the subscription');
    t.equal(await store.streamEvents.prune('2026-12-01T12:00:01.000Z', 100), 5, 'old events are pruned (the rolled-back one was never stored)');
  });
};

export default suite;
