import t from 'tap';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { claimParams, claimSql } from '../../src/store/sqlite/jobs.js';
import { tempDir } from '../helpers/config.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

// A fan-out enqueues thousands of jobs at once and the runner claims one per finished job: if a
// claim reads the whole backlog (or the done history) the fan-out turns quadratic. The plan must
// walk the two partial indexes of due work, never the backlog by state.
t.test('claim walks the partial indexes of due and expired work, not the backlog', async (t) => {
  const path = join(tempDir(t, 'samspil-claim-'), 's.sqlite');
  const store = await openSqliteStore({ path });
  t.teardown(() => store.close());
  const db = new BetterSqlite3(path, { readonly: true });
  t.teardown(() => db.close());
  for (const types of [undefined, ['inbox'], ['deliver', 'fanout', 'push', 'backfill']]) {
    const params = claimParams({ owner: 'o', until: at(1), now: at(0), limit: 10, types });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${claimSql(types?.length ?? 0)}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const suffix = types ? '_type' : '';
    t.match(plan, new RegExp(`USING (COVERING )?INDEX jobs_due${suffix}\\b`), `pending work by run_at (${types?.length ?? 0} types)`);
    t.match(plan, new RegExp(`USING (COVERING )?INDEX jobs_leased${suffix}\\b`), 'expired leases by lease_until');
    if (types) {
      // One range per type, bounded by the type: another type's backlog is never read.
      t.equal(plan.match(/INDEX jobs_due_type \(type=\? AND run_at<\?\)/g)?.length, types.length, 'each type is a range of its own');
    }
    t.notMatch(plan, /jobs_state|SCAN jobs\b/, 'no walk over all jobs of a state');
  }
});

t.test('claim order: earliest run_at first, expired leases in the same order, enqueue order on ties', async (t) => {
  const store = await openSqliteStore({ path: join(tempDir(t, 'samspil-claim-'), 's.sqlite') });
  t.teardown(() => store.close());
  // 50 jobs due at the same instant (a fan-out), then one due earlier, one not yet due.
  for (let i = 0; i < 50; i++) await store.jobs.enqueue({ type: 'deliver', key: `d${i}`, payload: { i } }, at(100));
  await store.jobs.enqueue({ type: 'deliver', key: 'early', payload: { i: -1 }, runAt: at(50) }, at(100));
  await store.jobs.enqueue({ type: 'deliver', key: 'later', payload: { i: 999 }, runAt: at(10_000) }, at(100));
  for (let i = 0; i < 100; i++) await store.jobs.enqueue({ type: 'other', key: `o${i}`, payload: {} }, at(0));
  const first = await store.jobs.claim({ owner: 'w', now: at(200), leaseMs: 1000, limit: 3, types: ['deliver'] });
  t.same(first.map((j) => j.payload.i), [-1, 0, 1], 'earliest first, then enqueue order');
  // w dies; its leases expire at 1200. A new worker gets them back before later pending work.
  const again = await store.jobs.claim({ owner: 'w2', now: at(1200), leaseMs: 1000, limit: 4, types: ['deliver'] });
  t.same(again.map((j) => j.payload.i).sort((a, b) => Number(a) - Number(b)), [-1, 0, 1, 2], 'expired leases (run_at 50, 100) and the next due job');
  t.ok(again.every((j) => j.leaseOwner === 'w2' && j.state === 'running'));
  let rest = 0;
  for (let i = 0; i < 100; i++) {
    const batch = await store.jobs.claim({ owner: 'w3', now: at(2000), leaseMs: 60_000, limit: 7, types: ['deliver'] });
    if (!batch.length) break;
    rest += batch.length;
  }
  t.equal(rest, 47, 'every due job exactly once; the one not yet due stays');
  t.equal((await store.jobs.claim({ owner: 'w4', now: at(2000), leaseMs: 1000, limit: 500 })).length, 100, 'without types: the other jobs');
});

t.test('a claim over several types takes the earliest due across them, each job once', async (t) => {
  const store = await openSqliteStore({ path: join(tempDir(t, 'samspil-claim-'), 's.sqlite') });
  t.teardown(() => store.close());
  for (let i = 0; i < 10; i++) await store.jobs.enqueue({ type: i % 2 ? 'fanout' : 'deliver', key: `k${i}`, payload: { i }, runAt: at(100 - i) }, at(0));
  for (let i = 0; i < 20; i++) await store.jobs.enqueue({ type: 'inbox', key: `in${i}`, payload: { i: 100 + i }, runAt: at(0) }, at(0));
  const first = await store.jobs.claim({ owner: 'w', now: at(200), leaseMs: 1000, limit: 4, types: ['deliver', 'fanout'] });
  t.same(first.map((j) => j.payload.i), [9, 8, 7, 6], 'earliest run_at first across both types');
  const rest = await store.jobs.claim({ owner: 'w', now: at(200), leaseMs: 1000, limit: 100, types: ['deliver', 'fanout'] });
  t.same(rest.map((j) => j.payload.i), [5, 4, 3, 2, 1, 0], 'the rest, none twice, no other type');
  t.equal((await store.jobs.claim({ owner: 'w', now: at(200), leaseMs: 1000, limit: 100, types: ['inbox'] })).length, 20);
});
