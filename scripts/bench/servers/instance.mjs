// The real instance (startInstance from dist/, the same composition root `samspil serve` uses) with a
// control channel on stdin, for benchmarks that need to act inside the server: publish through the
// real publish path, pause and resume the job workers, seed followers. One JSON command per line in,
// one `RESULT <json>` line out. Prints READY <port> once it listens.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../../../dist/config/load.js';
import { startInstance } from '../../../dist/server.js';
import { publishNote } from '../../../dist/domain/notes/publish-note.js';
import { createAccount } from '../../../dist/domain/accounts/accounts.js';
import { createJobRunner } from '../../../dist/activitypub/job-handlers.js';
import { newId } from '../../../dist/ids.js';
import { countingStore } from '../../../dist/store/counting.js';
import { buildApp } from '../../../dist/http/app.js';
import { startWebSession } from '../../../dist/domain/auth/web-sessions.js';
import { EventBus } from '../../../dist/domain/streaming/events.js';

const wallMs = () => performance.timeOrigin + performance.now();

const config = loadConfig({ env: process.env });
const instance = await startInstance(config);
const { store } = instance.deps;
// Experiment switch (not a product setting): BENCH_WAL_AUTOCHECKPOINT=0 turns SQLite's inline WAL
// checkpoints off, to bound what moving them off the event loop would gain.
if (process.env.BENCH_WAL_AUTOCHECKPOINT !== undefined && store.db) store.db.pragma(`wal_autocheckpoint = ${Number(process.env.BENCH_WAL_AUTOCHECKPOINT)}`);
let runner = instance.jobs;
let profiler;
/** A second app over the same store with its port calls counted (built on first use, never listening). */
let counted;

// A real RSA public key for the seeded remote actors: the instance never verifies them while it
// fans out, so one key shared by all of them changes nothing measured.
const agency = await store.actors.getByUsername(config.instance.agencyUsername, null);
const SEED_PEM = agency.publicKeyPem;

const commands = {
  /** SEEDING (not measured): remote followers of a local account, written through the store in one transaction. */
  async seedFollowers({ username, origins, perHost, shared }) {
    let actor = await store.actors.getByUsername(username, null);
    if (!actor) actor = (await createAccount(instance.deps, { username, password: 'bench-password-not-secret' })).actor;
    const now = new Date().toISOString();
    let n = 0;
    await store.transaction(async (tx) => {
      for (const origin of origins) {
        const domain = new URL(origin).host;
        for (let k = 0; k < perHost; k++) {
          const name = `${username}-f${k}`;
          const uri = `${origin}/users/${name}`;
          const follower = await tx.actors.put({
            id: newId(), uri, username: name, domain, type: 'Person', displayName: name, summary: '', url: uri,
            inbox: `${uri}/inbox`, sharedInbox: shared ? `${origin}/inbox` : null, outbox: null, followersUri: null, followingUri: null, featuredUri: null,
            publicKeyId: `${uri}#main-key`, publicKeyPem: SEED_PEM, privateKeyPem: null, manuallyApprovesFollowers: false, discoverable: true, indexable: true,
            avatarUrl: null, headerUrl: null, fields: [], raw: null, createdAt: now, updatedAt: now, fetchedAt: now, suspendedAt: null,
          });
          await tx.follows.put({ id: newId(), uri: `${uri}#follows/${actor.id}`, followerId: follower.id, followeeId: actor.id, state: 'accepted', createdAt: now, updatedAt: now });
          n++;
        }
      }
    });
    return { followers: n, inboxes: (await store.follows.followerInboxes(actor.id)).length };
  },
  /** Publishes through the real path (object + Create + fan-out job in one transaction). */
  async publish({ username, text }) {
    const startedAt = wallMs();
    const { activity } = await publishNote(instance.fed, username, { text });
    return { activityId: activity.id, startedAt, committedAt: wallMs() };
  },
  async pauseJobs() {
    await runner.stop();
    return { paused: true };
  },
  async resumeJobs() {
    runner = createJobRunner(instance.fed);
    runner.start();
    return { resumedAt: wallMs() };
  },
  /** The V8 CPU profiler (what `node --cpu-prof` runs) over just the measured window. */
  async profileStart() {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 1000 }); // 1 ms: lower overhead than the 0.2 ms default of the inspector
    await profiler.post('Profiler.start');
    return { profiling: true };
  },
  async profileStop({ file }) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = undefined;
    writeFileSync(file, JSON.stringify(profile));
    return { file };
  },
  /**
   * RSA-2048 signs/s on this very process and core, right now: the limit a fan-out is compared
   * with, taken beside it because the machine's speed drifts while other work runs on it.
   */
  async signRate({ ms = 300 }) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('x'.repeat(300));
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      for (let i = 0; i < 5; i++) sign('sha256', data, privateKey);
      n += 5;
    }
    return { rate: n / ((performance.now() - start) / 1000) };
  },
  /** Where the resident memory is: V8 heap, buffers, the rest (SQLite page cache, malloc, code). */
  async memory() {
    const m = process.memoryUsage();
    const mb = (n) => Math.round(n / 2 ** 20);
    return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
  },
  /**
   * The V8 heap after a full collection (what is retained, not garbage awaiting the next GC), and
   * optionally a heap snapshot to compare two runs of different lengths in DevTools.
   */
  async heap({ file }) {
    const session = new Session();
    session.connect();
    try {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.collectGarbage');
      const m = process.memoryUsage();
      const mb = (n) => Math.round(n / 2 ** 20);
      if (file) writeHeapSnapshot(file);
      return { heapUsedAfterGc: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), rss: mb(m.rss), file };
    } finally {
      session.disconnect();
    }
  },
  /** SEEDING: a signed-in web session for a local account, as a Cookie header value. */
  async webSession({ username }) {
    const actor = await store.actors.getByUsername(username, null);
    const user = actor && (await store.users.getByActorId(actor.id));
    if (!user) throw new Error(`no local account ${username}`);
    const { secret } = await startWebSession(instance.deps, user, { userAgent: 'bench' });
    return { cookie: `samspil_session=${secret}` };
  },
  /**
   * How many store port calls one request makes: the same routes over the same store, counted
   * (src/store/counting.ts), through inject(). Not on the measured app, so the counting costs the
   * measured requests nothing. The second request is the one counted (the first may write marks).
   */
  async storeCalls({ path, headers }) {
    if (!counted) {
      const c = countingStore(store);
      const deps = { ...instance.deps, store: c.store, events: new EventBus(c.store) };
      counted = { app: await buildApp(deps), counter: c.counter };
    }
    await counted.app.inject({ method: 'GET', url: path, headers });
    counted.counter.reset();
    const r = await counted.app.inject({ method: 'GET', url: path, headers });
    return { status: r.statusCode, total: counted.counter.total, byMethod: Object.fromEntries(counted.counter.byMethod) };
  },
  /** CPU time this process has used (user + system), for rates per server-CPU-second. */
  async cpu() {
    const u = process.cpuUsage();
    return { ms: (u.user + u.system) / 1000 };
  },
  async jobCounts({ type }) {
    const out = {};
    for (const state of ['pending', 'running', 'done', 'dead']) out[state] = await store.jobs.count({ state, type });
    return out;
  },
  async deadJobs({ type, limit }) {
    return (await store.jobs.list({ state: 'dead', type, limit: limit ?? 5 })).map((j) => j.lastError);
  },
};

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
    const result = await commands[msg.cmd](msg);
    process.stdout.write(`RESULT ${JSON.stringify({ seq: msg.seq, ok: true, result })}\n`);
  } catch (e) {
    process.stdout.write(`RESULT ${JSON.stringify({ seq: msg?.seq, ok: false, error: String(e?.stack ?? e) })}\n`);
  }
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await runner.stop().catch(() => {});
  await instance.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdout.write(`READY ${instance.address.port}\n`);
