import t from 'tap';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createLogger } from '../../src/log.js';
import { JobRunner, PermanentJobError, RetryableJobError } from '../../src/jobs/runner.js';
import { nextRunAt, retryDelayMs, retryHorizonMs } from '../../src/jobs/backoff.js';
import { BatchedEnqueuer } from '../../src/jobs/enqueue-batch.js';
import { tempDir } from '../helpers/config.js';
import { eventually } from '../helpers/eventually.js';

const log = createLogger('silent');
const now = () => new Date();

t.test('backoff: doubles from the base, capped, dead after maxAttempts; the default spans days', async (t) => {
  const p = { baseMs: 60_000, maxDelayMs: 12 * 3600_000, maxAttempts: 14 };
  t.same([1, 2, 3, 4, 10, 11, 13].map((n) => retryDelayMs(p, n, () => 0)), [60_000, 120_000, 240_000, 480_000, 30_720_000, 43_200_000, 43_200_000]);
  t.equal(retryDelayMs(p, 1, () => 1), 66_000, 'at most 10 % jitter');
  t.equal(nextRunAt(p, 14, new Date(0)), null, 'dead after the last attempt');
  t.equal(nextRunAt(p, 1, new Date(0), 600_000, () => 0)?.getTime(), 600_000, 'Retry-After wins when longer');
  const days = retryHorizonMs(p) / 86_400_000;
  t.ok(days > 2 && days < 4, `retried for ${days.toFixed(1)} days`);
});

t.test('runner: bounded concurrency, retries with backoff, dead-letters, graceful stop releases leases', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  let running = 0;
  let peak = 0;
  const attempts = new Map<string, number>();
  let releaseHold: () => void = () => undefined;
  const hold = new Promise<void>((r) => (releaseHold = r));
  const runner = new JobRunner({ store, log, now }, {
    work: async (job) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      const n = (attempts.get(job.id) ?? 0) + 1;
      attempts.set(job.id, n);
      if (job.payload.flaky && n < 3) throw new RetryableJobError('try again');
      if (job.payload.broken) throw new PermanentJobError('never');
      if (job.payload.buggy) throw new Error('a bug');
    },
    slow: async () => hold,
  }, { concurrency: 3, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 20, maxDelayMs: 50, maxAttempts: 2 }, stopGraceMs: 200 });
  const ids: Record<string, string> = {};
  for (let i = 0; i < 10; i++) ids[`ok${i}`] = (await store.jobs.enqueue({ type: 'work', payload: {} }, now().toISOString())).job.id;
  ids.flaky = (await store.jobs.enqueue({ type: 'work', payload: { flaky: true } }, now().toISOString())).job.id;
  ids.broken = (await store.jobs.enqueue({ type: 'work', payload: { broken: true } }, now().toISOString())).job.id;
  ids.buggy = (await store.jobs.enqueue({ type: 'work', payload: { buggy: true } }, now().toISOString())).job.id;
  runner.start();
  await eventually('ten plain jobs done', async () => (await store.jobs.count({ state: 'done' })) >= 10);
  await eventually('broken and buggy jobs dead', async () => (await store.jobs.count({ state: 'dead' })) === 3);
  t.ok(peak <= 3, `never more than 3 at once (peak ${peak})`);
  t.equal(attempts.get(ids.broken!), 1, 'a permanent failure is not retried');
  t.equal(attempts.get(ids.buggy!), 2, 'an unexpected error is retried up to maxAttempts');
  const flaky = (await store.jobs.get(ids.flaky!))!;
  t.equal(flaky.state, 'dead', 'flaky needed 3 attempts but only 2 are allowed');
  t.equal(flaky.attempts, 2);
  t.match(flaky.lastError, /try again/);

  const slow = (await store.jobs.enqueue({ type: 'slow', payload: {} }, now().toISOString())).job.id;
  await eventually('the slow job is running', async () => (await store.jobs.get(slow))?.state === 'running');
  await runner.stop();
  const released = (await store.jobs.get(slow))!;
  t.equal(released.state, 'pending', 'a job still running at stop gives its lease back');
  t.equal(released.attempts, 0, 'without counting a failure');
  t.equal(released.leaseOwner, null);
  releaseHold();
});

t.test('runner: prune deletes done jobs past the retention, keeps the rest', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const runner = new JobRunner({ store, log, now: () => new Date(clock) }, { work: async () => undefined },
    { concurrency: 2, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 10, maxDelayMs: 10, maxAttempts: 1 }, keepDoneMs: 1000 });
  for (let i = 0; i < 3; i++) await store.jobs.enqueue({ type: 'work', key: `k${i}`, payload: {} }, new Date(clock).toISOString());
  runner.start();
  t.teardown(() => runner.stop());
  await eventually('done', async () => (await store.jobs.count({ state: 'done' })) === 3);
  t.equal(await runner.prune(), 0, 'too young to prune');
  clock += 5000;
  t.equal(await runner.prune(), 3);
  t.equal(await store.jobs.count(), 0);
});

t.test('batched enqueue: concurrent enqueues share a transaction and stay idempotent', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  const q = new BatchedEnqueuer(store, now);
  const results = await Promise.all([...Array(50).keys()].map((i) => q.enqueue({ type: 'inbox', key: `k${i % 25}`, payload: { i } })));
  t.equal(results.filter(Boolean).length, 25, 'one per key created');
  t.equal(await store.jobs.count(), 25);
});

// Each claim is a commit; one per finished job made claims cost as much as the RSA signatures of
// a large fan-out. While jobs run, the runner claims again only when a quarter of its slots is free.
t.test('runner: claims in groups while busy, never above the concurrency', async (t) => {
  const store = await openSqliteStore({ path: join(tempDir(t), 's.sqlite') });
  t.teardown(() => store.close());
  const claims: number[] = [];
  const claim = store.jobs.claim.bind(store.jobs);
  store.jobs.claim = async (o) => {
    const got = await claim(o);
    if (got.length) claims.push(got.length);
    return got;
  };
  let running = 0;
  let peak = 0;
  const runner = new JobRunner({ store, log, now }, {
    work: async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 3));
      running--;
    },
  }, { concurrency: 8, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 20, maxDelayMs: 50, maxAttempts: 2 } });
  for (let i = 0; i < 64; i++) await store.jobs.enqueue({ type: 'work', payload: {} }, now().toISOString());
  runner.start();
  t.teardown(() => runner.stop());
  await eventually('all 64 jobs done', async () => (await store.jobs.count({ state: 'done' })) === 64);
  t.ok(peak <= 8, `never more than 8 at once (peak ${peak})`);
  t.equal(claims.reduce((a, b) => a + b, 0), 64, 'every job claimed once');
  t.ok(claims.slice(1, -1).every((n) => n >= 2), `between the first and the last, every claim takes at least 2 jobs (${claims.join(' ')})`);
});

t.test('runner: a lease heartbeat keeps a slow job from being taken over; a job whose runners keep dying is dead-lettered', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  let releaseHold: () => void = () => undefined;
  const hold = new Promise<void>((r) => (releaseHold = r));
  let runs = 0;
  const options = { concurrency: 2, pollMs: 10, leaseMs: 300, backoff: { baseMs: 20, maxDelayMs: 50, maxAttempts: 3 }, stopGraceMs: 200 };
  const a = new JobRunner({ store, log, now }, { slow: async () => { runs++; await hold; } }, { ...options, owner: 'a' });
  const b = new JobRunner({ store, log, now }, { slow: async () => { runs++; await hold; } }, { ...options, owner: 'b' });
  const id = (await store.jobs.enqueue({ type: 'slow', payload: {} }, now().toISOString())).job.id;
  a.start();
  await eventually('a runs the slow job', async () => (await store.jobs.get(id))?.leaseOwner === 'a');
  b.start();
  t.teardown(async () => { releaseHold(); await a.stop(); await b.stop(); });
  // Three leases' time: without the heartbeat b would have taken it over twice by now.
  const until = Date.now() + 1000;
  while (Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const still = (await store.jobs.get(id))!;
  t.equal(still.leaseOwner, 'a', 'still a\'s: its lease moved forward while it ran');
  t.equal(runs, 1, 'it ran once');
  t.ok(Date.parse(still.leaseUntil!) > Date.now(), 'the lease is in the future');
  releaseHold();
  await eventually('done', async () => (await store.jobs.get(id))?.state === 'done');

  // A poison job: every runner that takes it "dies" (its lease runs out without a heartbeat).
  const poison = (await store.jobs.enqueue({ type: 'poison', payload: {} }, now().toISOString())).job.id;
  for (let i = 0; i < 3; i++) {
    const [claimed] = await store.jobs.claim({ owner: `crashed-${i}`, now: new Date(Date.now() + i * 1000).toISOString(), leaseMs: 500, limit: 1, types: ['poison'] });
    t.equal(claimed?.id, poison, `runner ${i} took it`);
  }
  let ran = false;
  const c = new JobRunner({ store, log, now: () => new Date(Date.now() + 10_000) }, { poison: async () => { ran = true; } }, { ...options, owner: 'c' });
  c.start();
  t.teardown(() => c.stop());
  await eventually('the poison job is dead-lettered', async () => (await store.jobs.get(poison))?.state === 'dead');
  t.equal(ran, false, 'it was not run a fourth time');
  t.match((await store.jobs.get(poison))!.lastError, /runners stopped 3 times/);
});

t.test('runner: batch handlers get claimed jobs in groups; a failed batch runs its jobs one by one', async (t) => {
  const store = await openSqliteStore({ path: join(tempDir(t), 's.sqlite') });
  t.teardown(() => store.close());
  const at = new Date().toISOString();
  for (let i = 0; i < 25; i++) await store.jobs.enqueue({ type: 'work', key: `w${i}`, payload: { i } }, at);
  const batches: number[][] = [];
  const alone: number[] = [];
  let failOnce = true;
  const runner = new JobRunner({ store, log, now }, {
    work: async (job) => void alone.push(job.payload.i as number),
  }, {
    concurrency: 20, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 10, maxDelayMs: 10, maxAttempts: 3 }, types: ['work'],
    batch: {
      size: 8,
      handlers: {
        work: async (jobs, owner) => {
          const ids = jobs.map((j) => j.payload.i as number);
          // The first batch fails as a whole: its jobs must each run alone, none lost.
          if (failOnce) { failOnce = false; throw new Error('batch failed'); }
          batches.push(ids);
          await store.transaction(async (tx) => { for (const j of jobs.slice(1)) await tx.jobs.complete(j.id, owner, new Date().toISOString()); });
          return jobs.slice(0, 1); // the first one handed back
        },
      },
    },
  });
  runner.start();
  await eventually('all done', async () => (await store.jobs.count({ state: 'done' })) === 25);
  await runner.stop();
  t.ok(batches.length >= 1 && batches.every((b) => b.length <= 8 && b.length >= 2), `groups of at most 8 (${JSON.stringify(batches)})`);
  const handled = [...batches.flatMap((b) => b.slice(1)), ...alone].sort((x, y) => x - y);
  t.same(handled, Array.from({ length: 25 }, (_, i) => i), 'every job ran exactly once, in a batch or alone');
  t.ok(alone.length >= 8, 'the failed batch\'s jobs and the handed-back ones ran alone');
});
