import t, { type Test } from 'tap';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Job, Store } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { openMongoStore } from '../../src/store/mongodb/index.js';
import { createLogger } from '../../src/log.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { tempDir } from '../helpers/config.js';
import { eventually } from '../helpers/eventually.js';

/**
 * Scale-out as the app runs it: two nodes, each with its own store connection and job runner,
 * share one queue. On SQLite the nodes are two connections to one file; with MONGODB_URI set the
 * same test runs on two MongoDB clients over one database.
 */
const log = createLogger('silent');
const now = () => new Date();
const backoff = { baseMs: 10, maxDelayMs: 20, maxAttempts: 3 };

type Opener = (t: Test) => Promise<[Store, Store]>;

function scenarios(name: string, open: Opener) {
  t.test(`${name}: two nodes run every job exactly once`, async (t) => {
    const [a, b] = await open(t);
    const runs: Array<{ node: string; id: string }> = [];
    const handler = (node: string) => async (job: Job) => {
      runs.push({ node, id: job.id });
      await new Promise((r) => setTimeout(r, 1 + (Number(job.payload.n) % 4)));
    };
    const nodeA = new JobRunner({ store: a, log, now }, { work: handler('a') }, { concurrency: 3, pollMs: 5, leaseMs: 60_000, backoff, stopGraceMs: 2000 });
    const nodeB = new JobRunner({ store: b, log, now }, { work: handler('b') }, { concurrency: 3, pollMs: 5, leaseMs: 60_000, backoff, stopGraceMs: 2000 });
    for (let n = 0; n < 60; n++) await a.jobs.enqueue({ type: 'work', key: `w${n}`, payload: { n } }, now().toISOString());
    nodeA.start();
    nodeB.start();
    await eventually('all 60 jobs done', async () => (await b.jobs.count({ state: 'done' })) === 60, 30_000);
    await nodeA.stop();
    await nodeB.stop();
    t.equal(runs.length, 60, 'no job ran twice');
    t.equal(new Set(runs.map((r) => r.id)).size, 60, 'every job ran');
    t.comment(`node a ran ${runs.filter((r) => r.node === 'a').length}, node b ${runs.filter((r) => r.node === 'b').length}`);
  });

  t.test(`${name}: a node that dies leaves a lease that expires and another node takes the job over`, async (t) => {
    const [a, b] = await open(t);
    const { job } = await a.jobs.enqueue({ type: 'work', payload: {} }, now().toISOString());
    // Node "c" claims and then dies: it never completes, fails or releases.
    const [taken] = await a.jobs.claim({ owner: 'node-c', now: now().toISOString(), leaseMs: 300, limit: 1, types: ['work'] });
    t.equal(taken?.id, job.id);
    const ranBy: string[] = [];
    const nodeB = new JobRunner({ store: b, log, now }, { work: async () => void ranBy.push('b') }, { concurrency: 1, pollMs: 20, leaseMs: 60_000, backoff, stopGraceMs: 2000, owner: 'node-b' });
    nodeB.start();
    await eventually('node b finished the job', async () => (await b.jobs.get(job.id))?.state === 'done', 10_000);
    await nodeB.stop();
    t.same(ranBy, ['b']);
    t.notOk(await a.jobs.complete(job.id, 'node-c', now().toISOString()), 'the dead node cannot finish it later');
    t.equal((await a.jobs.get(job.id))?.state, 'done');
  });
}

scenarios('sqlite', async (t) => {
  const file = join(tempDir(t), 'shared.sqlite');
  const a = await openSqliteStore({ path: file });
  const b = await openSqliteStore({ path: file });
  t.teardown(async () => { await a.close(); await b.close(); });
  return [a, b];
});

const uri = process.env.MONGODB_URI;
if (!uri) {
  t.test('mongodb scale-out', { skip: 'mongodb scale-out skipped: MONGODB_URI not set' }, () => {});
} else {
  let n = 0;
  const run = `samspil_scale_${process.pid}_${Date.now().toString(36)}`;
  scenarios('mongodb', async (t) => {
    const dbName = `${run}_${++n}`;
    // As in production: `samspil migrate` once (a), then every node only checks the schema (b).
    const a = await openMongoStore({ uri, dbName, schema: 'apply' });
    const b = await openMongoStore({ uri, dbName });
    t.teardown(async () => {
      const admin = new MongoClient(uri);
      await admin.db(dbName).dropDatabase().finally(() => admin.close());
      await a.close();
      await b.close();
    });
    return [a, b];
  });
}
