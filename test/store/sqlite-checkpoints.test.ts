import t from 'tap';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers/config.js';
import { eventually } from '../helpers/eventually.js';

const size = (p: string) => { try { return statSync(p).size; } catch { return 0; } };

// Inline checkpoints ran on the event loop inside whichever commit crossed 1,000 WAL pages. They
// are off on the store's connection; a worker thread copies the WAL into the database instead.
t.test('WAL checkpoints run in the background: the commit path never checkpoints, the database file still catches up', async (t) => {
  const path = join(tempDir(t, 'samspil-ckpt-'), 's.sqlite');
  const store = await openSqliteStore({ path, checkpoints: { everyMs: 20, startAtBytes: 256 * 1024 } });
  let closed = false;
  t.teardown(() => (closed ? undefined : store.close()));
  const db = (store as unknown as { db: BetterSqlite3.Database }).db;
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'no inline checkpoints on the store connection');
  const before = size(path);
  const at = new Date().toISOString();
  // About 3 MB of jobs, 50 per transaction, as the inbox enqueues them.
  for (let b = 0; b < 60; b++) {
    await store.transaction(async (tx) => {
      for (let i = 0; i < 50; i++) await tx.jobs.enqueue({ type: 'x', key: `k${b}-${i}`, payload: { pad: 'p'.repeat(1000) } }, at);
    });
  }
  await eventually('the database file holds the written pages', () => size(path) > before + 2 * 1024 * 1024, 10_000);
  t.pass(`database file ${before} -> ${size(path)} bytes while the store is open`);
  t.equal(await store.jobs.count({ type: 'x' }), 3000, 'every row readable');
  await store.close();
  closed = true;
  const again = await openSqliteStore({ path });
  t.teardown(() => again.close());
  t.equal(await again.jobs.count({ type: 'x' }), 3000, 'and after closing and opening again');
});

t.test('a short-lived store (CLI, tests) starts no checkpoint worker', async (t) => {
  const path = join(tempDir(t, 'samspil-ckpt-'), 's.sqlite');
  const store = await openSqliteStore({ path });
  t.teardown(() => store.close());
  await store.jobs.enqueue({ type: 'x', key: 'one', payload: {} }, new Date().toISOString());
  const ckpt = (store as unknown as { checkpointer: { stats: { runs: number } } }).checkpointer;
  await new Promise((r) => setTimeout(r, 450));
  t.equal(ckpt.stats.runs, 0, 'the WAL stayed below the size that starts the worker');
});
