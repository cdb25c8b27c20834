// Inbox ingest: signed Create(Note)/Create(Article) activities from 100 remote actors POSTed over
// loopback to the real instance (pinned to core 0, its workers running as in production) by this
// process. Ingest = accepted (202, durably enqueued) per second. The worker side is processing.mjs.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startChild, rssMb, rssSampler, profileRows } from './lib.mjs';
import { startHarness } from './fanout.mjs';
import { rawLoad, rawRequest } from './rawload.mjs';
import { mastodonCreateNote } from './limits.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Signs like Mastodon: (request-target) host date digest content-type, rsa-sha256. */
export function signedInboxPost(host, path, body, keyId, privateKey) {
  const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
  const date = new Date().toUTCString();
  const contentType = 'application/activity+json';
  const signingString = `(request-target): post ${path}\nhost: ${host}\ndate: ${date}\ndigest: ${digest}\ncontent-type: ${contentType}`;
  const signature = sign('sha256', Buffer.from(signingString), privateKey).toString('base64');
  return rawRequest('POST', path, {
    host, date, digest, 'content-type': contentType,
    signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="${signature}"`,
  }, body);
}

/** Activity i of the benchmark: Create(Note) for even i, Create(Article) for odd i. */
export function inboxActivity(i, actor) {
  return i % 2 ? createArticle(i, actor) : mastodonCreateNote(i, actor);
}

function createArticle(i, actor) {
  const a = mastodonCreateNote(i, actor);
  a.object.type = 'Article';
  a.object.name = `Løsning ${i}: selvbooking af første samtale`;
  a.object.summary = 'Ventetiden faldt fra 12 til 9 uger.';
  return a;
}

export async function measureIngest({ seconds, limits, profile }) {
  const rows = [];
  const keysFile = join(mkdtempSync(join(tmpdir(), 'samspil-bench-keys-')), 'keys.json');
  const actors = await startChild(1, join(here, 'servers', 'actors.mjs'), ['100', keysFile]);
  const { port: actorPort, privateKeys } = JSON.parse(readFileSync(keysFile, 'utf8'));
  const keyObjects = privateKeys.map((pem) => createPrivateKey(pem));
  const instance = await startHarness();
  const tmp = dirname(keysFile);
  try {
    const host = 'bench.localhost';
    const actorUri = (a) => `http://127.0.0.1:${actorPort}/users/a${a}`;
    // First sight of every actor: the instance fetches and caches its key (not part of the measurement).
    const warm = Array.from({ length: 100 }, (_, a) => signedInboxPost(host, '/inbox', JSON.stringify(mastodonCreateNote(1_000_000 + a, actorUri(a))), `${actorUri(a)}#main-key`, keyObjects[a % keyObjects.length]));
    const warmRun = await rawLoad(instance.port, warm, { seconds: 60, connections: 4, depth: 1, once: true });

    // Distinct, pre-signed activities: half Notes, half Articles, round-robin over the 100 actors.
    // In-flight levels (connections, one request each, as remote servers send): the headline is the
    // best rate whose p99 stays under 50 ms. Enough pre-signed activities for each level at up to
    // 3,000/s (pre-signing costs the load core ~0.3 ms each); a level that runs out ends early and its
    // rate is still accepted / elapsed.
    const levels = [4, 16, 64];
    const perLevel = Math.ceil(seconds * Math.min(limits?.inboxCeiling ?? 3000, 3000));
    let i = 0;
    const presign = (count) => Array.from({ length: count }, () => {
      const a = i % 100;
      const body = JSON.stringify(inboxActivity(i++, actorUri(a)));
      return signedInboxPost(host, '/inbox', body, `${actorUri(a)}#main-key`, keyObjects[a % keyObjects.length]);
    });
    const rssIdle = rssMb(instance.child.pid);
    const sampler = rssSampler(instance.child.pid);
    const runs = [];
    for (const level of levels) {
      const requests = presign(perLevel);
      const profiling = profile && level === 16;
      if (profiling) await instance.call('profileStart');
      const cpu0 = (await instance.call('cpu')).ms;
      const t0 = performance.now();
      const run = await rawLoad(instance.port, requests, { seconds, connections: level, depth: 1, once: true });
      if (profiling) await instance.call('profileStop', { file: join(tmp, 'ingest.cpuprofile') });
      const accepted = run.statuses['202'] ?? 0;
      // What the workers had not applied when the load stopped: a backlog that grows with the
      // window means the instance accepts faster than it applies.
      const atEnd = await instance.call('jobCounts', { type: 'inbox' });
      const backlog = atEnd.pending + atEnd.running;
      // Then until every accepted activity is applied: accepted and applied per server-CPU-second.
      let drained = false;
      for (let k = 0; k < 600; k++) {
        const c = await instance.call('jobCounts', { type: 'inbox' });
        if (c.pending + c.running === 0) { drained = true; break; }
        await new Promise((r) => setTimeout(r, 50));
      }
      const cpuMs = (await instance.call('cpu')).ms - cpu0;
      const wallMs = performance.now() - t0;
      runs.push({ level, ...run, rate: accepted / (run.count / run.rps), backlog, accepted, drained, appliedPerCpuS: accepted / (cpuMs / 1000), appliedPerS: accepted / (wallMs / 1000) });
    }
    const rssLoad = sampler.stop().peak;
    const ok = runs.filter((r) => r.p99 < 50);
    const best = (ok.length ? ok : runs).reduce((a, b) => (b.rate > a.rate ? b : a));
    rows.push({ key: 'ingestWarmup', name: 'first sight of 100 actors (key fetch)', value: warmRun.statuses['202'] ?? 0, unit: 'accepted', note: JSON.stringify(warmRun.statuses) });
    for (const r of runs) {
      rows.push({ key: `ingestAt${r.level}`, name: `  ${r.level} in flight`, value: r.rate, unit: 'accepted/s', note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${JSON.stringify(r.statuses)}` });
      rows.push({ key: `ingestE2eAt${r.level}`, name: `    accepted and applied`, value: r.appliedPerCpuS, unit: '/CPU-s', note: `${Math.round(r.appliedPerS)}/s wall until applied${r.drained ? '' : ' (NOT drained in 30 s)'}; backlog when the load stopped ${r.backlog} (${Math.round((r.backlog / Math.max(1, r.accepted)) * 100)} % of accepted)` });
    }
    rows.push({ key: 'ingestRate', name: 'inbox ingest, signed Create(Note|Article)', value: best.rate, unit: 'accepted/s', note: ok.length ? `best level with p99 < 50 ms (${best.level} in flight); workers running` : 'NO level kept p99 < 50 ms: best rate shown' });
    rows.push({ key: 'ingestE2e', name: 'inbox accepted and applied, same level', value: best.appliedPerCpuS, unit: '/CPU-s', note: `per server-CPU-second, load and drain; backlog when the load stopped ${Math.round((best.backlog / Math.max(1, best.accepted)) * 100)} % of accepted` });
    rows.push({ key: 'ingestBacklogPct', name: 'backlog when the load stopped', value: (best.backlog / Math.max(1, best.accepted)) * 100, digits: 0, unit: '% of accepted', note: 'no growing backlog: < 10 %' });
    rows.push({ key: 'ingestP50', name: 'inbox ingest latency p50', value: best.p50, digits: 1, unit: 'ms' });
    rows.push({ key: 'ingestP99', name: 'inbox ingest latency p99', value: best.p99, digits: 1, unit: 'ms', note: 'target < 50 ms' });
    if (limits?.inboxCeiling) rows.push({ key: 'ingestRatio', name: 'ingest / derived ceiling', value: (best.rate / limits.inboxCeiling) * 100, digits: 0, unit: '%', note: 'target >= 50 %' });
    rows.push({ key: 'rssIdle', name: 'server RSS idle (after warm-up)', value: rssIdle, unit: 'MB' });
    rows.push({ key: 'rssIngest', name: 'server RSS peak during ingest', value: rssLoad, unit: 'MB', note: 'target < 200 MB' });
    if (profile) rows.push(...profileRows('ingest', 'ingest at 16 in flight, workers running', join(tmp, 'ingest.cpuprofile')));
  } finally {
    await instance.stop();
    instance.cleanup();
    await actors.stop();
    rmSync(dirname(keysFile), { recursive: true, force: true });
  }
  return rows;
}
