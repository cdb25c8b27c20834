import t from 'tap';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createLogger } from '../../src/log.js';
import { JobRunner, PermanentJobError, RetryableJobError } from '../../src/jobs/runner.js';
import { tempDir } from '../helpers/config.js';
import { eventually } from '../helpers/eventually.js';

const log = createLogger('silent');
const now = () => new Date();

t.test('the runner tells its observer how each run ended: done, retry, dead', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  const seen: string[] = [];
  const runner = new JobRunner({ store, log, now }, {
    work: async (job) => {
      if (job.payload.kind === 'flaky' && job.attempts === 0) throw new RetryableJobError('again');
      if (job.payload.kind === 'broken') throw new PermanentJobError('never');
    },
  }, {
    concurrency: 2, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 10, maxDelayMs: 20, maxAttempts: 5 },
    onFinished: (job, outcome, ms) => {
      t.ok(ms >= 0, 'a duration');
      seen.push(`${job.payload.kind as string}:${outcome}`);
    },
  });
  for (const kind of ['fine', 'flaky', 'broken']) await store.jobs.enqueue({ type: 'work', payload: { kind } }, now().toISOString());
  runner.start();
  t.teardown(() => runner.stop());
  await eventually('all runs observed', () => seen.length >= 4 || undefined);
  t.same(seen.sort(), ['broken:dead', 'fine:done', 'flaky:done', 'flaky:retry']);
});

t.test('jobs a batch handler finished are reported done; the ones it gave back as they end alone', async (t) => {
  const dir = tempDir(t);
  const store = await openSqliteStore({ path: join(dir, 's.sqlite') });
  t.teardown(() => store.close());
  const seen: string[] = [];
  const runner = new JobRunner({ store, log, now }, {
    work: async (job) => {
      if (job.payload.kind === 'broken') throw new PermanentJobError('never');
    },
  }, {
    concurrency: 8, pollMs: 10, leaseMs: 60_000, backoff: { baseMs: 10, maxDelayMs: 20, maxAttempts: 5 },
    batch: {
      size: 8,
      handlers: {
        work: async (jobs, owner) => {
          const rest = [];
          for (const job of jobs) {
            if (job.payload.kind === 'fine') await store.jobs.complete(job.id, owner, now().toISOString());
            else rest.push(job);
          }
          return rest;
        },
      },
    },
    onFinished: (job, outcome) => seen.push(`${job.payload.kind as string}:${outcome}`),
  });
  for (const kind of ['fine', 'fine', 'fine', 'broken']) await store.jobs.enqueue({ type: 'work', payload: { kind } }, now().toISOString());
  runner.start();
  t.teardown(() => runner.stop());
  await eventually('all runs observed', () => seen.length >= 4 || undefined);
  t.same(seen.sort(), ['broken:dead', 'fine:done', 'fine:done', 'fine:done']);
  t.equal(await store.jobs.count({ state: 'done' }), 3);
});
