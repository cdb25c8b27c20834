// Processing (the worker side of the inbox): with the job workers paused, N signed Create(Note) /
// Create(Article) activities from 100 remote actors are POSTed to the real inbox (that is the
// accept path alone: verify, enqueue, 202); then the workers resume and the backlog drains with
// nothing else running. Reported: accept rate with workers paused, drain rate, and their ratio
// (processing keeps up with ingest when it is >= 100 %).
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startChild, rssSampler, rssMb, profileRows } from './lib.mjs';
import { rawLoad } from './rawload.mjs';
import { startHarness } from './fanout.mjs';
import { signedInboxPost, inboxActivity } from './ingest.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const wallMs = () => performance.timeOrigin + performance.now();

export async function measureProcessing({ quick, profile }) {
  const rows = [];
  const n = Number(process.env.BENCH_PROC_N) || (quick ? 3000 : 20000);
  const tmp = mkdtempSync(join(tmpdir(), 'samspil-bench-proc-'));
  const keysFile = join(tmp, 'keys.json');
  const actors = await startChild(1, join(here, 'servers', 'actors.mjs'), ['100', keysFile]);
  const { port: actorPort, privateKeys } = JSON.parse(readFileSync(keysFile, 'utf8'));
  const keyObjects = privateKeys.map((pem) => createPrivateKey(pem));
  const instance = await startHarness();
  const host = 'bench.localhost';
  const actorUri = (a) => `http://127.0.0.1:${actorPort}/users/a${a}`;
  const post = (i) => {
    const a = i % 100;
    return signedInboxPost(host, '/inbox', JSON.stringify(inboxActivity(i, actorUri(a))), `${actorUri(a)}#main-key`, keyObjects[a % keyObjects.length]);
  };
  try {
    // First sight of every actor (key fetch, actor stored), processed with the workers running.
    const warm = await rawLoad(instance.port, Array.from({ length: 100 }, (_, a) => post(2_000_000 + a)), { seconds: 60, connections: 4, depth: 1, once: true });
    for (let i = 0; i < 200; i++) {
      const c = await instance.call('jobCounts', { type: 'inbox' });
      if (c.pending + c.running === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await instance.call('pauseJobs');
    const requests = Array.from({ length: n }, (_, i) => post(i));
    if (profile) await instance.call('profileStart');
    const accept = await rawLoad(instance.port, requests, { seconds: 120, connections: 16, depth: 1, once: true });
    if (profile) await instance.call('profileStop', { file: join(tmp, 'accept.cpuprofile') });
    const queued = await instance.call('jobCounts', { type: 'inbox' });
    const acceptRate = (accept.statuses['202'] ?? 0) / (accept.count / accept.rps);

    const sampler = rssSampler(instance.child.pid);
    if (profile) await instance.call('profileStart');
    const { resumedAt } = await instance.call('resumeJobs');
    const deadline = Date.now() + (n <= 3000 ? 60_000 : 300_000);
    let c = queued;
    while (c.pending + c.running > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      c = await instance.call('jobCounts', { type: 'inbox' });
    }
    const drainedAt = wallMs();
    if (profile) await instance.call('profileStop', { file: join(tmp, 'drain.cpuprofile') });
    const rss = sampler.stop();
    const applied = c.done - queued.done;
    const drainRate = applied / ((drainedAt - resumedAt) / 1000);

    rows.push({ key: 'procWarmup', name: 'first sight of 100 actors', value: warm.statuses['202'] ?? 0, unit: 'accepted' });
    rows.push({ key: 'procAcceptRate', name: 'inbox accept, workers paused', value: acceptRate, unit: 'accepted/s', note: `${JSON.stringify(accept.statuses)}, p99 ${accept.p99.toFixed(1)} ms` });
    rows.push({ key: 'procAcceptP99', name: 'inbox accept latency p99, workers paused', value: accept.p99, digits: 1, unit: 'ms', note: 'target < 50 ms' });
    rows.push({ key: 'procQueued', name: 'queued inbox activities', value: queued.pending, unit: 'jobs' });
    rows.push({ key: 'procDrainRate', name: 'processing: queued activities applied', value: drainRate, unit: 'activities/s', note: c.pending + c.running ? `${c.pending + c.running} still queued at the deadline` : `drained; ${c.dead} dead` });
    rows.push({ key: 'procRatio', name: '  processing / accept rate', value: (drainRate / acceptRate) * 100, unit: '%', note: 'keeps up when >= 100 %' });
    rows.push({ key: 'rssProcIdle', name: 'server RSS with the backlog queued', value: rssMb(instance.child.pid), unit: 'MB' });
    const mem = await instance.call('memory');
    const heap = await instance.call('heap', { file: process.env.BENCH_HEAP_SNAPSHOT });
    rows.push({ key: 'rssProcPeak', name: 'server RSS peak while draining', value: rss.peak, unit: 'MB', note: `target < 200 MB; after: V8 heap ${mem.heapUsed}/${mem.heapTotal} MB, external ${mem.external} MB; after a full GC ${heap.heapUsedAfterGc}/${heap.heapTotal} MB` });
    if (c.dead) rows.push({ key: 'procDead', name: 'dead inbox jobs (first reasons)', value: c.dead, note: JSON.stringify(await instance.call('deadJobs', { type: 'inbox', limit: 3 })) });
    if (profile) rows.push(...profileRows('procAccept', 'accept, workers paused', join(tmp, 'accept.cpuprofile')), ...profileRows('procDrain', 'drain', join(tmp, 'drain.cpuprofile')));
  } finally {
    await instance.stop();
    instance.cleanup();
    await actors.stop();
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${tmp}\n`); else rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
