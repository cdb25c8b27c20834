import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { nodeOfId } from '../../src/ids.js';
import { tempDir } from '../helpers/config.js';

/**
 * Two real processes over one SQLite file (a server and a CLI run, or two servers) make ids in
 * the same milliseconds: each leased its own node number, so no id is made twice.
 */
const WORKER = fileURLToPath(new URL('./fixtures/id-worker.ts', import.meta.url));

function worker(path: string, count: number, at: number) {
  const child = spawn(process.execPath, [...process.execArgv, WORKER, path, String(count), String(at)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const result = new Promise<{ nodeId: number; ids: string[] }>((resolve, reject) => {
    const check = () => { if (out.includes('\n')) { child.stdout.off('data', check); resolve(JSON.parse(out.split('\n')[0]!)); } };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { result, finish: () => child.stdin.end('done\n'), exited, kill: () => child.kill('SIGKILL') };
}

t.test('two processes over one SQLite file make ids with different node bits: none collides', { timeout: 120_000 }, async (t) => {
  const path = join(tempDir(t, 'samspil-ids-proc-'), 's.sqlite');
  const store = await openSqliteStore({ path });
  t.teardown(() => store.close());
  const at = Date.now() + 3_600_000;
  const a = worker(path, 3000, at);
  t.teardown(a.kill);
  const first = await a.result;
  const b = worker(path, 3000, at);
  t.teardown(b.kill);
  const second = await b.result;
  t.not(first.nodeId, second.nodeId, 'each process leased its own node number');
  t.same((await store.nodeLeases.list()).map((l) => l.nodeId).sort(), [first.nodeId, second.nodeId].sort(), 'both leases are in the store');
  t.ok(first.ids.every((id) => nodeOfId(id) === first.nodeId) && second.ids.every((id) => nodeOfId(id) === second.nodeId), 'ids carry the node number');
  t.equal(new Set([...first.ids, ...second.ids]).size, 6000, 'no id made twice, though both made them in the same milliseconds');
  a.finish();
  b.finish();
  t.equal(await a.exited, 0);
  t.equal(await b.exited, 0);
  t.same(await store.nodeLeases.list(), [], 'a stopping process frees its number');
});
