// The heap flags `samspil serve` ships with are what the memory figures in docs/performance.md were
// measured with: the bench starts the instance with SHIPPED_NODE_ARGS, so `npm start` and the
// image must pass the same flags, and node must take them as meant.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs module without types
import { SHIPPED_NODE_ARGS } from '../../scripts/bench/lib.mjs';

const root = join(import.meta.dirname, '..', '..');
const shipped = SHIPPED_NODE_ARGS as string[];

t.test('npm start passes exactly the flags the bench measures', async (t) => {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string;
  const m = /^node ((?:--\S+ )*)bin\/samspil\.js serve$/.exec(start);
  t.ok(m, `start script has the shape "node FLAGS bin/samspil.js serve": ${start}`);
  t.same(m![1].trim().split(' '), shipped);
});

t.test("the image's NODE_OPTIONS are the same flags", async (t) => {
  const docker = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const m = /^ENV NODE_OPTIONS="?([^"\n]*)"?$/m.exec(docker);
  t.ok(m, 'Dockerfile sets NODE_OPTIONS');
  t.same(m![1].trim().split(/\s+/), shipped);
});

t.test('node applies them: a 512 MB old generation, 2 MB semi-spaces', async (t) => {
  const probe = `const v8 = require('node:v8');
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    console.log(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit, newSpace: spaces.new_space }));`;
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [...args, '-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    t.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { limit: number; newSpace: number };
  };
  const flagged = run(shipped);
  const plain = run([]);
  const mb = 2 ** 20;
  // heap_size_limit is the old generation plus the young generation's reserve (3 semi-spaces).
  t.ok(flagged.limit >= 512 * mb && flagged.limit <= 530 * mb, `heap limit ${flagged.limit / mb} MB`);
  t.ok(flagged.newSpace <= 4 * mb, `new space ${flagged.newSpace / mb} MB`);
  // Without the flag, V8 sizes the old generation from the host's memory, so the flag must lower
  // it on any host with more than about 2 GB (the machines this runs on have far more).
  t.ok(plain.limit > flagged.limit, `default limit ${plain.limit / mb} MB is above the shipped one`);
});
