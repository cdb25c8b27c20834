// Inbox ingest and processing: signed Create(Note)/Create(Article) activities from 100 remote actors
// POSTed over loopback to the real `samspil serve` process (pinned to core 0) by this process.
// Ingest = accepted (202, durably enqueued) per second; processing = queued activities applied per second.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startChild, rssMb } from './lib.mjs';
import { rawLoad, rawRequest } from './rawload.mjs';
import { mastodonCreateNote } from './limits.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

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

function createArticle(i, actor) {
  const a = mastodonCreateNote(i, actor);
  a.object.type = 'Article';
  a.object.name = `Løsning ${i}: selvbooking af første samtale`;
  a.object.summary = 'Ventetiden faldt fra 12 til 9 uger.';
  return a;
}

/** Starts the instance under test on core 0 with a fresh data dir; returns it with its db path. */
export async function startInstanceUnderTest(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspil-bench-instance-'));
  const env = { SAMSPIL_DATA_DIR: dataDir, SAMSPIL_PORT: '0', SAMSPIL_HOST: '127.0.0.1', SAMSPIL_LOG_LEVEL: 'warn', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_RATE_LIMITS_ENABLED: 'false', ...extraEnv };
  // serve prints "Samspil listening on http://127.0.0.1:PORT"; wrap it so startChild sees READY.
  const wrapper = join(here, 'servers', 'samspil.mjs');
  const child = await startChild(0, wrapper, [], env);
  return { ...child, dataDir, dbPath: join(dataDir, 'samspil.sqlite'), cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

function countJobs(dbPath, where) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) AS n FROM jobs WHERE ${where}`).get().n;
  } finally {
    db.close();
  }
}

export async function measureIngest({ seconds, limits }) {
  const rows = [];
  const keysFile = join(mkdtempSync(join(tmpdir(), 'samspil-bench-keys-')), 'keys.json');
  const actors = await startChild(1, join(here, 'servers', 'actors.mjs'), ['100', keysFile]);
  const { port: actorPort, privateKeys } = JSON.parse(readFileSync(keysFile, 'utf8'));
  const keyObjects = privateKeys.map((pem) => createPrivateKey(pem));
  const instance = await startInstanceUnderTest({ SAMSPIL_DOMAIN: 'bench.localhost' });
  try {
    const host = 'bench.localhost';
    const actorUri = (a) => `http://127.0.0.1:${actorPort}/users/a${a}`;
    // First sight of every actor: the instance fetches and caches its key (not part of the measurement).
    const warm = Array.from({ length: 100 }, (_, a) => signedInboxPost(host, '/inbox', JSON.stringify(mastodonCreateNote(1_000_000 + a, actorUri(a))), `${actorUri(a)}#main-key`, keyObjects[a % keyObjects.length]));
    const warmRun = await rawLoad(instance.port, warm, { seconds: 60, connections: 4, depth: 1, once: true });

    // Distinct, pre-signed activities: half Notes, half Articles, round-robin over the 100 actors.
    const target = Math.ceil(seconds * (limits?.inboxCeiling ?? 6000) * 1.2);
    const requests = [];
    for (let i = 0; i < target; i++) {
      const a = i % 100;
      const doc = i % 2 ? createArticle(i, actorUri(a)) : mastodonCreateNote(i, actorUri(a));
      requests.push(signedInboxPost(host, '/inbox', JSON.stringify(doc), `${actorUri(a)}#main-key`, keyObjects[a % keyObjects.length]));
    }
    const rssIdle = rssMb(instance.child.pid);
    const run = await rawLoad(instance.port, requests, { seconds, connections: 32, depth: 4, once: true });
    const rssLoad = rssMb(instance.child.pid);
    const accepted = run.statuses['202'] ?? 0;
    rows.push({ key: 'ingestWarmup', name: 'first sight of 100 actors (key fetch)', value: warmRun.statuses['202'] ?? 0, unit: 'accepted', note: JSON.stringify(warmRun.statuses) });
    rows.push({ key: 'ingestRate', name: 'inbox ingest, signed Create(Note|Article)', value: accepted / (run.count ? run.count / run.rps : seconds), unit: 'accepted/s', note: `statuses ${JSON.stringify(run.statuses)}` });
    rows.push({ key: 'ingestP50', name: 'inbox ingest latency p50', value: run.p50, digits: 1, unit: 'ms' });
    rows.push({ key: 'ingestP99', name: 'inbox ingest latency p99', value: run.p99, digits: 1, unit: 'ms', note: 'target < 50 ms' });
    if (limits?.inboxCeiling) rows.push({ key: 'ingestRatio', name: 'ingest / derived ceiling', value: (accepted / (run.count / run.rps)) / limits.inboxCeiling * 100, digits: 0, unit: '%', note: 'target >= 50 %' });
    rows.push({ key: 'rssIdle', name: 'server RSS idle (after warm-up)', value: rssIdle, unit: 'MB' });
    rows.push({ key: 'rssIngest', name: 'server RSS after ingest', value: rssLoad, unit: 'MB', note: 'target < 200 MB' });

    // Processing: how fast the workers drain what was accepted (they run while ingest runs too).
    const start = Date.now();
    const pendingAtEnd = countJobs(instance.dbPath, "state IN ('pending', 'running')");
    let pending = pendingAtEnd;
    const deadline = start + Math.max(30_000, seconds * 20_000);
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      pending = countJobs(instance.dbPath, "state IN ('pending', 'running')");
    }
    const drained = pendingAtEnd - pending;
    const drainSeconds = (Date.now() - start) / 1000;
    rows.push({ key: 'backlogAfterIngest', name: 'inbox backlog when ingest stopped', value: pendingAtEnd, unit: 'jobs' });
    rows.push({ key: 'processRate', name: 'processing (backlog drain)', value: drained / Math.max(drainSeconds, 0.001), unit: 'activities/s', note: pending ? `${pending} still queued at the deadline` : 'drained' });
    rows.push({ key: 'rssProcess', name: 'server RSS after processing', value: rssMb(instance.child.pid), unit: 'MB' });
  } finally {
    await instance.stop();
    instance.cleanup();
    await actors.stop();
    rmSync(dirname(keysFile), { recursive: true, force: true });
  }
  return rows;
}
