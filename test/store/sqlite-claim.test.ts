import t from 'tap';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { claimSql } from '../../src/store/sqlite/jobs.js';
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
  for (const typeCount of [0, 4]) {
    // Only the plan is asked for, so any bound values do: 8 parameters plus the types twice.
    const params = Array.from({ length: 8 + 2 * typeCount }, () => 'x');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${claimSql(typeCount)}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    t.match(plan, /USING (COVERING )?INDEX jobs_due/, `pending work by run_at (${typeCount} types)`);
    t.match(plan, /USING (COVERING )?INDEX jobs_leased/, 'expired leases by lease_until');
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
