import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { tempDir, testConfig } from '../helpers/config.js';
import { signerFor, signRequest } from '../../src/activitypub/signatures/sign.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createLogger } from '../../src/log.js';
import { Urls } from '../../src/urls.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLLOWERS = 30;

// The real server runs from dist/: build it before timing anything.
const { ensureBuilt } = (await import(join(ROOT, 'scripts', 'build-if-needed.js'))) as { ensureBuilt: () => void };
ensureBuilt();

const readBody = (req: IncomingMessage) => new Promise<Buffer>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks)));
});

/**
 * A loopback "remote server" hosting FOLLOWERS actors, each with its own inbox and no shared
 * inbox (so a fan-out means FOLLOWERS separate deliveries). It answers inbox POSTs slowly so
 * the fan-out is still running when the test kills the Samspil process.
 */
async function sink(t: Tap.Test) {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const received = new Map<string, string[]>(); // inbox -> activity ids in arrival order
  const accepts = new Set<string>();
  let creates = 0;
  const server: Server = createServer(async (req, res) => {
    const m = /^\/users\/(f\d+)(\/inbox)?$/.exec(req.url ?? '');
    if (!m) return res.writeHead(404).end();
    const name = m[1]!;
    if (req.method === 'GET' && !m[2]) {
      res.writeHead(200, { 'content-type': 'application/activity+json' });
      return res.end(JSON.stringify({
        '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
        id: `${base}/users/${name}`, type: 'Person', preferredUsername: name, inbox: `${base}/users/${name}/inbox`,
        publicKey: { id: `${base}/users/${name}#main-key`, owner: `${base}/users/${name}`, publicKeyPem: keys.publicKey },
      }));
    }
    if (req.method === 'POST' && m[2]) {
      const activity = JSON.parse((await readBody(req)).toString('utf8')) as { id: string; type: string };
      if (activity.type === 'Accept') accepts.add(name);
      if (activity.type === 'Create') {
        creates++;
        const list = received.get(name) ?? [];
        list.push(activity.id);
        received.set(name, list);
        await new Promise((r) => setTimeout(r, 250));
      }
      return res.writeHead(202).end();
    }
    return res.writeHead(405).end();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { base, keys, received, accepts, get creates() { return creates; } };
}
declare namespace Tap { type Test = import('tap').Test }

function spawnServer(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'samspil.js'), 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', () => undefined); // drained; logs are at warn
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

t.test('SIGKILL in the middle of a fan-out loses no delivery; each follower inbox gets the activity', async (t) => {
  const remote = await sink(t);
  const port = await freePort();
  const dataDir = tempDir(t, 'samspil-crash-');
  const domain = `127.0.0.1:${port}`;
  // An empty config file: a developer's config/local.json must not leak into the spawned server.
  const configFile = join(dataDir, 'empty-config.json');
  writeFileSync(configFile, '{}');
  const env = {
    SAMSPIL_CONFIG_FILE: configFile,
    SAMSPIL_DOMAIN: domain, SAMSPIL_PORT: String(port), SAMSPIL_HOST: '127.0.0.1', SAMSPIL_DATA_DIR: dataDir,
    SAMSPIL_PUBLIC_URL_SCHEME: 'http', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_LOG_LEVEL: 'warn',
    SAMSPIL_AGENCY_USERNAME: 'agency', SAMSPIL_AGENCY_NAME: 'Crash Agency',
    SAMSPIL_RETRY_BASE_MS: '100', SAMSPIL_RETRY_MAX_DELAY_MS: '500', SAMSPIL_JOB_POLL_MS: '25', SAMSPIL_JOB_LEASE_MS: '1500', SAMSPIL_JOB_CONCURRENCY: '4', SAMSPIL_DELIVERY_CONCURRENCY: '4',
  };
  let child = spawnServer(env);
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  });
  await eventually('the server answers', async () => (await fetch(`http://${domain}/healthz`)).ok, 60_000);

  // Every sink actor follows the agency with a signed Follow; the server accepts each.
  const signer = signerFor(`${remote.base}/users/f0#main-key`, remote.keys.privateKey);
  for (let i = 0; i < FOLLOWERS; i++) {
    const url = new URL(`http://${domain}/users/agency/inbox`);
    const body = Buffer.from(JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.base}/follows/${i}`, type: 'Follow',
      actor: `${remote.base}/users/f${i}`, object: `http://${domain}/users/agency`,
    }));
    const res = await fetch(url, { method: 'POST', body, headers: signRequest({ ...signer, keyId: `${remote.base}/users/f${i}#main-key` }, { method: 'POST', url, body }) });
    t.equal(res.status, 202, `follow ${i} accepted for processing`);
  }
  await eventually('every follower got its Accept', () => remote.accepts.size === FOLLOWERS, 30_000);

  // Publish from this process through the shared SQLite file (a second process on the same store);
  // the server's runner claims the fan-out.
  const config = testConfig(dataDir, { domain, port, instance: { agencyUsername: 'agency', agencyDisplayName: 'Crash Agency' } });
  const store = await openSqliteStore({ path: join(dataDir, 'samspil.sqlite') });
  t.teardown(() => store.close());
  const fed = createFederation({ config, store, urls: new Urls(config), log: createLogger('silent'), now: () => new Date() });
  t.teardown(() => fed.http.close());
  const { activity } = await publishNote(fed, 'agency', { text: 'Delivered exactly once, crash or not' });

  await eventually('the fan-out is under way', () => remote.creates >= 3, 30_000, 5);
  child.kill('SIGKILL');
  await exited(child);
  const atKill = remote.received.size;
  t.ok(atKill < FOLLOWERS, `killed mid fan-out (${atKill}/${FOLLOWERS} inboxes reached)`);

  child = spawnServer(env);
  await eventually('every follower inbox got the activity after the restart', () => remote.received.size === FOLLOWERS, 60_000);
  for (const [inbox, ids] of remote.received) {
    t.same(new Set(ids), new Set([activity.id]), `${inbox} got exactly this activity`);
  }
  // Receivers dedupe by activity id; a delivery in flight at the kill may arrive twice (at-least-once).
  const distinct = [...remote.received.values()].reduce((n, ids) => n + new Set(ids).size, 0);
  t.equal(distinct, FOLLOWERS, 'each inbox processed it once');
  t.ok(remote.creates - FOLLOWERS <= 4, `duplicates bounded by the in-flight deliveries (${remote.creates - FOLLOWERS})`);
  const jobs = await eventually('all delivery jobs done', async () => {
    const list = (await store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === activity.id);
    return list.length === FOLLOWERS && list.every((j) => j.state === 'done') ? list : undefined;
  }, 30_000);
  t.equal(jobs.length, FOLLOWERS);
  child.kill('SIGTERM');
  await exited(child);
  t.equal(child.exitCode, 0, 'SIGTERM stops the server cleanly');
});
