import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers/config.js';

/**
 * Two real processes claim jobs from one SQLite file at the same time (the CLI or a second server
 * beside the running one): every job runs exactly once. Each process records the ids it ran; the
 * union is every job, the intersection is empty, and every job ends done.
 */
const WORKER = fileURLToPath(new URL('./fixtures/claim-worker.ts', import.meta.url));
const JOBS = 3000;

function worker(path: string, owner: string) {
  // The same TypeScript loader this test runs under.
  const child = spawn(process.execPath, [...process.execArgv, WORKER, path, owner], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => { if (out.startsWith('ready\n')) { child.stdout.off('data', check); resolve(); } };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`${owner} exited (${code}) before it was ready: ${err}`)));
  });
  const done = new Promise<{ ran: string[]; lost: string[] }>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${owner} exited with ${code}: ${err}`));
      resolve(JSON.parse(out.slice('ready\n'.length).trim()) as { ran: string[]; lost: string[] });
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done, kill: () => child.kill('SIGKILL') };
}

t.test('two processes claiming from one SQLite file: no job runs twice, none is lost', { timeout: 240_000 }, async (t) => {
  const path = join(tempDir(t, 'samspil-claim-proc-'), 's.sqlite');
  const store = await openSqliteStore({ path });
  t.teardown(() => store.close());
  const now = new Date().toISOString();
  const ids: string[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < JOBS; i++) ids.push((await tx.jobs.enqueue({ type: 'work', key: `w${i}`, payload: { i } }, now)).job.id);
  });
  // Work of another type is not theirs to take.
  await store.jobs.enqueue({ type: 'other', key: 'other', payload: {} }, now);

  const a = worker(path, 'proc-a');
  const b = worker(path, 'proc-b');
  t.teardown(() => { a.kill(); b.kill(); });
  await Promise.all([a.ready, b.ready]);
  a.go();
  b.go();
  const [{ ran: ranA, lost: lostA }, { ran: ranB, lost: lostB }] = await Promise.all([a.done, b.done]);

  t.comment(`process a ran ${ranA.length}, process b ${ranB.length}`);
  t.ok(ranA.length > 0 && ranB.length > 0, 'both processes took part');
  t.same([...lostA, ...lostB], [], 'no process found its claimed job taken over by the other');
  t.equal(new Set(ranA).size, ranA.length, 'a ran no job twice');
  t.equal(new Set(ranB).size, ranB.length, 'b ran no job twice');
  const inB = new Set(ranB);
  t.same(ranA.filter((id) => inB.has(id)), [], 'no job ran in both');
  t.same([...new Set([...ranA, ...ranB])].sort(), [...ids].sort(), 'every job ran');
  t.equal(await store.jobs.count({ state: 'done', type: 'work' }), JOBS, 'every job is done');
  t.equal(await store.jobs.count({ state: 'pending', type: 'other' }), 1, 'the other type is untouched');
});
