import type { ContractSuite } from './types.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

const suite: ContractSuite = (t, fresh) => {
  t.test('jobs: enqueue is idempotent by key, in any state', async (t) => {
    const store = await fresh();
    const a = await store.jobs.enqueue({ type: 'deliver', key: 'k1', payload: { n: 1 } }, at(0));
    const b = await store.jobs.enqueue({ type: 'deliver', key: 'k1', payload: { n: 2 } }, at(0));
    t.equal(a.created, true);
    t.equal(b.created, false);
    t.equal(b.job.id, a.job.id);
    t.same(b.job.payload, { n: 1 });
    const [claimed] = await store.jobs.claim({ owner: 'w1', now: at(0), leaseMs: 1000, limit: 10 });
    t.ok(await store.jobs.complete(claimed!.id, 'w1', at(1)));
    t.equal((await store.jobs.enqueue({ type: 'deliver', key: 'k1', payload: {} }, at(2))).created, false, 'a done job still holds its key');
    t.equal((await store.jobs.enqueue({ type: 'deliver', payload: {} }, at(2))).created, true, 'no key: always new');
    t.equal((await store.jobs.enqueue({ type: 'deliver', payload: {} }, at(2))).created, true);
  });

  t.test('jobs: two consumers never get the same job', async (t) => {
    const store = await fresh();
    for (let i = 0; i < 20; i++) await store.jobs.enqueue({ type: 'x', key: `k${i}`, payload: { i } }, at(0));
    const [a, b] = await Promise.all([
      store.jobs.claim({ owner: 'a', now: at(10), leaseMs: 60_000, limit: 12 }),
      store.jobs.claim({ owner: 'b', now: at(10), leaseMs: 60_000, limit: 12 }),
    ]);
    t.equal(a.length + b.length, 20);
    const ids = new Set([...a, ...b].map((j) => j.id));
    t.equal(ids.size, 20, 'disjoint');
    t.ok(a.every((j) => j.state === 'running' && j.leaseOwner === 'a'));
    t.same(await store.jobs.claim({ owner: 'c', now: at(20), leaseMs: 60_000, limit: 10 }), [], 'nothing left while leases hold');
    t.notOk(await store.jobs.complete(a[0]!.id, 'b', at(30)), 'only the owner completes');
  });

  t.test('jobs: a claim by types takes only those types, due ones oldest first, expired leases too, each once', async (t) => {
    const store = await fresh();
    for (let i = 0; i < 6; i++) await store.jobs.enqueue({ type: i % 2 ? 'fanout' : 'deliver', key: `d${i}`, payload: { i }, runAt: at(100 - i) }, at(0));
    for (let i = 0; i < 30; i++) await store.jobs.enqueue({ type: 'inbox', key: `in${i}`, payload: { i: 100 + i }, runAt: at(0) }, at(0));
    await store.jobs.enqueue({ type: 'deliver', key: 'later', payload: { i: 99 }, runAt: at(10_000) }, at(0));
    const first = await store.jobs.claim({ owner: 'a', now: at(200), leaseMs: 1000, limit: 4, types: ['deliver', 'fanout'] });
    t.equal(first.length, 4);
    t.ok(first.every((j) => j.type === 'deliver' || j.type === 'fanout'), 'only the types asked for');
    const rest = await store.jobs.claim({ owner: 'a', now: at(200), leaseMs: 1000, limit: 100, types: ['deliver', 'fanout'] });
    t.same([...first, ...rest].map((j) => j.payload.i).sort(), [0, 1, 2, 3, 4, 5], 'every due job of those types once; the one not yet due stays');
    t.same(rest.map((j) => j.runAt), [...rest.map((j) => j.runAt)].sort(), 'returned oldest due first');
    const taken = await store.jobs.claim({ owner: 'b', now: at(1300), leaseMs: 1000, limit: 100, types: ['fanout'] });
    t.same(taken.map((j) => j.payload.i).sort(), [1, 3, 5], 'expired leases of the type taken over');
    t.equal((await store.jobs.claim({ owner: 'c', now: at(200), leaseMs: 1000, limit: 100, types: ['inbox'] })).length, 30, 'the other type untouched until asked for');
  });

  t.test('jobs: an expired lease is reclaimed, and the old owner can no longer finish it', async (t) => {
    const store = await fresh();
    await store.jobs.enqueue({ type: 'x', payload: {} }, at(0));
    const [first] = await store.jobs.claim({ owner: 'dead-worker', now: at(0), leaseMs: 1000, limit: 1 });
    t.same(await store.jobs.claim({ owner: 'w2', now: at(999), leaseMs: 1000, limit: 1 }), []);
    const [again] = await store.jobs.claim({ owner: 'w2', now: at(1000), leaseMs: 1000, limit: 1 });
    t.equal(again?.id, first!.id);
    t.equal(again?.leaseOwner, 'w2');
    t.equal(first!.attempts, 0, 'a first claim is no attempt');
    t.equal(again?.attempts, 1, 'a takeover counts as an attempt');
    t.notOk(await store.jobs.complete(first!.id, 'dead-worker', at(1001)));
    t.ok(await store.jobs.complete(first!.id, 'w2', at(1001)));
    t.equal((await store.jobs.get(first!.id))?.state, 'done');
  });

  t.test('jobs: a runner extends the leases it holds, and only those', async (t) => {
    const store = await fresh();
    await store.jobs.enqueue({ type: 'x', payload: {} }, at(0));
    await store.jobs.enqueue({ type: 'x', payload: {} }, at(0));
    const [a, b] = await store.jobs.claim({ owner: 'w1', now: at(0), leaseMs: 1000, limit: 2 });
    t.equal(await store.jobs.extend([a!.id, b!.id, 'nope'], 'w1', at(5000), at(900)), 2);
    t.equal(await store.jobs.extend([a!.id], 'w2', at(9000), at(900)), 0, 'another runner cannot extend them');
    t.same(await store.jobs.claim({ owner: 'w2', now: at(4000), leaseMs: 1000, limit: 2 }), [], 'extended leases are not taken over');
    t.equal((await store.jobs.get(a!.id))?.leaseUntil, at(5000));
    await store.jobs.complete(a!.id, 'w1', at(4100));
    t.equal(await store.jobs.extend([a!.id], 'w1', at(9000), at(4200)), 0, 'a finished job is not extended');
  });

  t.test('jobs: a failure waits until its retry time; no retry time means dead, and retry revives it', async (t) => {
    const store = await fresh();
    const { job } = await store.jobs.enqueue({ type: 'x', key: 'r', payload: {}, host: 'h.example' }, at(0));
    await store.jobs.claim({ owner: 'w', now: at(0), leaseMs: 1000, limit: 1 });
    t.ok(await store.jobs.fail(job.id, 'w', 'HTTP 503', at(5000), at(10)));
    const failed = await store.jobs.get(job.id);
    t.equal(failed?.state, 'pending');
    t.equal(failed?.attempts, 1);
    t.equal(failed?.lastError, 'HTTP 503');
    t.equal(failed?.host, 'h.example');
    t.same(await store.jobs.claim({ owner: 'w', now: at(4999), leaseMs: 1000, limit: 1 }), [], 'not before its retry time');
    t.equal((await store.jobs.claim({ owner: 'w', now: at(5000), leaseMs: 1000, limit: 1 })).length, 1);
    t.ok(await store.jobs.fail(job.id, 'w', 'HTTP 404', null, at(5001)));
    t.equal((await store.jobs.get(job.id))?.state, 'dead');
    t.equal((await store.jobs.get(job.id))?.attempts, 2);
    t.same(await store.jobs.claim({ owner: 'w', now: at(99_999_999), leaseMs: 1000, limit: 1 }), [], 'dead jobs are never claimed');
    t.equal((await store.jobs.list({ state: 'dead' })).length, 1);
    t.equal(await store.jobs.count({ state: 'dead' }), 1);
    t.ok(await store.jobs.retry(job.id, at(6000)));
    const revived = await store.jobs.get(job.id);
    t.equal(revived?.state, 'pending');
    t.equal(revived?.attempts, 0);
    t.equal((await store.jobs.claim({ owner: 'w', now: at(6000), leaseMs: 1000, limit: 1 })).length, 1);
    t.notOk(await store.jobs.retry(job.id, at(6001)), 'a running job is not retried');
  });

  t.test('jobs: release gives a claimed job back without counting a failure; claim honours types', async (t) => {
    const store = await fresh();
    await store.jobs.enqueue({ type: 'a', payload: {} }, at(0));
    await store.jobs.enqueue({ type: 'b', payload: {} }, at(0));
    const [b] = await store.jobs.claim({ owner: 'w', now: at(1), leaseMs: 60_000, limit: 5, types: ['b'] });
    t.equal(b?.type, 'b');
    t.ok(await store.jobs.release(b!.id, 'w', at(2)));
    const again = await store.jobs.claim({ owner: 'w2', now: at(2), leaseMs: 60_000, limit: 5 });
    t.equal(again.length, 2);
    t.equal(again.find((j) => j.id === b!.id)?.attempts, 0);
  });

  t.test('jobs: pruning removes old done jobs only, in bounded batches', async (t) => {
    const store = await fresh();
    for (let i = 0; i < 5; i++) await store.jobs.enqueue({ type: 'x', key: `p${i}`, payload: {} }, at(0));
    const claimed = await store.jobs.claim({ owner: 'w', now: at(0), leaseMs: 1000, limit: 5 });
    for (const j of claimed.slice(0, 3)) await store.jobs.complete(j.id, 'w', at(10));
    await store.jobs.fail(claimed[3]!.id, 'w', 'gone', null, at(10));
    t.equal(await store.jobs.pruneDone(at(10), 100), 0, 'nothing older than the cutoff');
    t.equal(await store.jobs.pruneDone(at(11), 2), 2, 'limit respected');
    t.equal(await store.jobs.pruneDone(at(11), 100), 1);
    t.equal(await store.jobs.count({ state: 'dead' }), 1, 'dead jobs are kept for inspection');
    t.equal(await store.jobs.count({ state: 'running' }), 1, 'running jobs untouched');
    t.equal((await store.jobs.enqueue({ type: 'x', key: 'p0', payload: {} }, at(20))).created, true, 'a pruned key is free again');
  });

  t.test('jobs: stats count open jobs by state and type, the due backlog and its oldest job, within the caps', async (t) => {
    const store = await fresh();
    const empty = await store.jobs.stats({ now: at(0), countCap: 100, typeCap: 100 });
    t.same(empty, {
      states: { pending: { count: 0, byType: {}, byTypeComplete: true }, running: { count: 0, byType: {}, byTypeComplete: true }, dead: { count: 0, byType: {}, byTypeComplete: true } },
      due: 0, oldestDueAt: null, dueByType: {},
    }, 'an empty queue');

    // 3 inbox + 2 deliver due at 10..50, 1 deliver due later; one inbox claimed, one deliver dead, one fanout done.
    for (let i = 0; i < 3; i++) await store.jobs.enqueue({ type: 'inbox', payload: {}, runAt: at(10 + i * 10) }, at(0));
    for (let i = 0; i < 2; i++) await store.jobs.enqueue({ type: 'deliver', payload: {}, runAt: at(40 + i * 10), host: 'far.example' }, at(0));
    await store.jobs.enqueue({ type: 'deliver', payload: {}, runAt: at(10_000) }, at(0));
    const { job: f } = await store.jobs.enqueue({ type: 'fanout', payload: {}, runAt: at(5) }, at(0));
    const [fanout] = await store.jobs.claim({ owner: 'w', now: at(5), leaseMs: 1000, limit: 1 });
    t.equal(fanout?.id, f.id);
    await store.jobs.complete(f.id, 'w', at(6));
    const [inbox] = await store.jobs.claim({ owner: 'w', now: at(10), leaseMs: 1000, limit: 1, types: ['inbox'] });
    t.equal(inbox?.type, 'inbox');
    const [deliver] = await store.jobs.claim({ owner: 'w', now: at(40), leaseMs: 1000, limit: 1, types: ['deliver'] });
    await store.jobs.fail(deliver!.id, 'w', 'HTTP 404', null, at(41));

    const s = await store.jobs.stats({ now: at(35), countCap: 100, typeCap: 100 });
    t.same(s.states.pending, { count: 4, byType: { inbox: 2, deliver: 2 }, byTypeComplete: true });
    t.same(s.states.running, { count: 1, byType: { inbox: 1 }, byTypeComplete: true });
    t.same(s.states.dead, { count: 1, byType: { deliver: 1 }, byTypeComplete: true });
    t.notOk('done' in s.states, 'done jobs are not counted here (the runner counts them)');
    t.equal(s.due, 2, 'pending and due at 35: the inbox jobs at 20 and 30; deliver at 50 and later ones wait');
    t.equal(s.oldestDueAt, at(20));
    t.same(s.dueByType, { inbox: { due: 2, oldestDueAt: at(20) }, deliver: { due: 0, oldestDueAt: null } }, 'per type: a type with pending jobs none of which is due has no oldest due job');
    const early = await store.jobs.stats({ now: at(15), countCap: 100, typeCap: 100 });
    t.equal(early.due, 0);
    t.equal(early.oldestDueAt, null, 'nothing is due before 20');
    const later = await store.jobs.stats({ now: at(20_000), countCap: 100, typeCap: 100 });
    t.equal(later.due, 4, 'every pending job is due');

    t.same(later.dueByType, { inbox: { due: 2, oldestDueAt: at(20) }, deliver: { due: 2, oldestDueAt: at(50) } });

    // Over the caps: counts stop at countCap; a split is either exact or says it is not.
    for (let i = 0; i < 3; i++) await store.jobs.enqueue({ type: 'deliver', payload: {}, runAt: at(60) }, at(0));
    const capped = await store.jobs.stats({ now: at(20_000), countCap: 3, typeCap: 2 });
    t.equal(capped.states.pending.count, 3, 'counts stop at countCap');
    t.equal(capped.due, 3);
    t.equal(capped.dueByType.deliver?.due, 3, 'per type too');
    t.equal(capped.dueByType.inbox?.due, 2);
    t.equal(capped.oldestDueAt, at(20));
    const pending = capped.states.pending;
    t.equal(pending.byTypeComplete, false, 'deliver has 5 pending jobs, over countCap (or, split by rows, the state is over typeCap)');
    t.ok(Object.values(pending.byType).every((n) => n <= 3), 'no per-type count over countCap');
    t.equal(capped.states.running.byTypeComplete, true, 'a state within the caps is complete');
    t.same(capped.states.running.byType, { inbox: 1 });
  });

  t.test('delivery hosts: failures over time mark a host unavailable; a success clears it', async (t) => {
    const store = await fresh();
    t.equal(await store.deliveryHosts.get('h'), undefined);
    let h = await store.deliveryHosts.recordFailure('h', at(0), at(-1000));
    t.equal(h.failures, 1);
    t.equal(h.failingSince, at(0));
    t.equal(h.unavailableSince, null);
    h = await store.deliveryHosts.recordFailure('h', at(5000), at(1000));
    t.equal(h.failures, 2);
    t.equal(h.failingSince, at(0), 'the run of failures keeps its start');
    t.equal(h.unavailableSince, at(5000));
    t.same((await store.deliveryHosts.listUnavailable()).map((x) => x.host), ['h']);
    await store.deliveryHosts.recordSuccess('h', at(6000));
    h = (await store.deliveryHosts.get('h'))!;
    t.equal(h.failures, 0);
    t.equal(h.unavailableSince, null);
    t.equal(h.failingSince, null);
    t.equal(h.lastSuccessAt, at(6000));
  });
};
export default suite;
