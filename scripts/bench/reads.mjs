// Start-up and reads on a large store. Start-up: the real `samspil serve` from spawn to listening,
// on an empty data dir (first start: migrations, three RSA key pairs) and again on the same store,
// then on a store holding N objects (1M full, 100k quick). Reads against the N-object store, each
// as p50/p99 and requests/s from a separate load process: the home timeline and catalogue search
// when this build has them (a 404 reports "not available in this build"), and the read paths that
// exist now: the Mastodon account and the ActivityPub actor document.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startChild, rssMb, rssSampler, profileRows } from './lib.mjs';
import { rawLoad, rawRequest } from './rawload.mjs';
import { instanceEnv } from './fanout.mjs';
import { openSqliteStore } from '../../dist/store/sqlite/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const HOST = 'bench.localhost';

/** The real `samspil serve` on core 0; readyMs is spawn -> listening. */
const timedStart = (env) => startChild(0, join(here, 'servers', 'samspil.mjs'), [], env);

const WORDS = ['ventetid', 'selvbooking', 'jobcenter', 'borgerservice', 'digital post', 'sagsbehandling', 'ydelse', 'integration', 'sygedagpenge', 'botilbud', 'hjemmepleje', 'rehabilitering', 'skole', 'dagtilbud', 'affald', 'byggesag'];
const AREAS = ['beskæftigelse', 'social', 'sundhed', 'børn', 'teknik', 'administration'];

/**
 * SEEDING (not measured): remote actors, N posts (Notes, every fourth an Article shaped like a
 * solution) and the admin's follows, written straight into the SQLite file the instance created,
 * in big transactions. Rows look like the ones the inbox handler stores (sanitized data, no @context).
 */
function seedStore(dbPath, objects, actorsCount = 1000, followed = 100) {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only: the instance is not running
  const admin = db.prepare(`SELECT a.id FROM actors a JOIN users u ON u.actor_id = a.id WHERE u.role = 'admin' LIMIT 1`).get();
  const pem = db.prepare('SELECT public_key_pem FROM actors WHERE domain IS NULL LIMIT 1').get().public_key_pem;
  const now = new Date().toISOString();
  const t0 = Date.now() - 365 * 86_400_000;
  let seq = 0;
  const id = (ms) => ((BigInt(ms) << 16n) | BigInt(seq++ & 0xffff)).toString();
  const insActor = db.prepare(`INSERT INTO actors (id, uri, username, domain, type, display_name, inbox, shared_inbox, public_key_id, public_key_pem, created_at, updated_at, fetched_at)
    VALUES (?, ?, ?, ?, 'Person', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insFollow = db.prepare(`INSERT INTO follows (id, uri, follower_id, followee_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'accepted', ?, ?)`);
  const insObject = db.prepare(`INSERT INTO objects (id, uri, type, actor_id, local, url, visibility, language, published_at, data) VALUES (?, ?, ?, ?, 0, ?, 'public', 'da', ?, ?)`);
  const actorIds = [];
  const articles = [];
  db.transaction(() => {
    for (let a = 0; a < actorsCount; a++) {
      const domain = `kommune${a % 98}.example`;
      const uri = `https://${domain}/users/a${a}`;
      const aid = id(t0 - 1000 + a);
      actorIds.push({ id: aid, uri, domain });
      insActor.run(aid, uri, `a${a}`, domain, `Kommune ${a}`, `${uri}/inbox`, `https://${domain}/inbox`, `${uri}#main-key`, pem, now, now, now);
      if (a < followed) insFollow.run(id(t0 - 500 + a), `${admin.id}#follows/${a}`, admin.id, aid, now, now);
    }
  })();
  const batch = 20_000;
  const span = 365 * 86_400_000;
  for (let start = 0; start < objects; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(objects, start + batch); i++) {
        const ms = t0 + Math.floor((i / objects) * span);
        const actor = actorIds[i % actorsCount];
        const uri = `${actor.uri}/statuses/${i}`;
        const article = i % 4 === 0;
        const w = WORDS[i % WORDS.length];
        const content = `<p>${article ? 'Løsning' : 'Opslag'} ${i} om ${w}: vi har halveret ventetiden ved at lade borgeren booke selv. #${AREAS[i % AREAS.length]}</p>`;
        const data = {
          id: uri, type: article ? 'Article' : 'Note', attributedTo: actor.uri, content, contentMap: { da: content }, published: new Date(ms).toISOString(), url: uri,
          to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [`${actor.uri}/followers`], sensitive: false, attachment: [],
          tag: [{ type: 'Hashtag', href: `https://${HOST}/tags/${AREAS[i % AREAS.length]}`, name: `#${AREAS[i % AREAS.length]}` }],
          ...(article ? { name: `Løsning ${i}: ${w}`, summary: `Område: ${AREAS[i % AREAS.length]}` } : {}),
        };
        const oid = id(ms);
        insObject.run(oid, uri, data.type, actor.id, uri, data.published, JSON.stringify(data));
        if (article) articles.push([oid, uri, actor.id, actor.domain, data.published, i]);
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { adminActorId: admin.id, someRemoteActorId: actorIds[0].id, articles };
}

const MATURITY = ['idea', 'pilot', 'in-use', 'scaled', 'retired'];
const SECTORS = ['employment', 'health', 'elder-care', 'social-services', 'children-and-families', 'education', 'culture', 'environment', 'infrastructure', 'administration', 'digital', 'other'];

/**
 * SEEDING (not measured): every Article becomes a catalogue solution beside its object row, as
 * ingest does for a remote solution, written through the store port (solutions.put keeps the
 * facets and the FTS index) in transactions of 5,000.
 */
async function seedSolutions(dbPath, articles) {
  const store = await openSqliteStore({ path: dbPath });
  try {
    for (let start = 0; start < articles.length; start += 5000) {
      await store.transaction(async (tx) => {
        for (const [oid, uri, actorId, domain, published, i] of articles.slice(start, start + 5000)) {
          const w = WORDS[i % WORDS.length];
          await tx.solutions.put({
            id: oid, uri, actorId, authorId: null, local: false, url: uri, origin: domain, revision: 1, publishedAt: published, updatedAt: null, deletedAt: null, repliesCount: 0,
            fields: {
              title: `Løsning ${i}: ${w}`, summary: `Område: ${AREAS[i % AREAS.length]}. Ventetiden faldt fra 12 til 9 uger.`,
              problem: `Borgerne ventede for længe på ${w}.`, approach: 'Vi lod borgeren booke selv og fulgte op efter fire uger.', language: 'da',
              maturity: MATURITY[i % MATURITY.length], sectors: [SECTORS[i % SECTORS.length]], tags: [AREAS[i % AREAS.length], w.replace(/ /g, '-')],
            },
          });
        }
      });
    }
  } finally {
    await store.close();
  }
}

function cliToken(env, username) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'samspil.js'), 'token', 'create', username, '--scopes', 'read'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** One GET, for the status and a glance at the body. */
function probe(port, path, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { host: HOST, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const callList = (byMethod) => Object.entries(byMethod).map(([m, n]) => (n > 1 ? `${m} x${n}` : m)).join(', ');

/** Store port calls per request, through the instance's counting twin (servers/instance.mjs storeCalls). */
async function storeCallRow(server, key, path, headers) {
  const c = await server.call('storeCalls', { path, headers });
  if (c.status !== 200) return { key: `${key}Calls`, name: '  store calls per request', value: 'error', note: `HTTP ${c.status}` };
  return { key: `${key}Calls`, name: '  store calls per request', value: c.total, unit: 'calls', note: callList(c.byMethod) };
}

/**
 * Target 3's "store queries per page": what the page's statuses cost, i.e. the calls of a full
 * page minus those of the same request answering an empty page (max_id=1): authentication, the
 * viewer's filters, relations and lists and the feed read are the request's, whatever it lists.
 */
async function timelineQueryRows(server, auth) {
  const path = '/api/v1/timelines/home?limit=20';
  const full = await server.call('storeCalls', { path, headers: auth });
  const empty = await server.call('storeCalls', { path: `${path}&max_id=1`, headers: auth });
  if (full.status !== 200 || empty.status !== 200) return [{ key: 'timelineQueries', name: '  store queries per page', value: 'error', note: `HTTP ${full.status}/${empty.status}` }];
  const page = Object.fromEntries(Object.entries(full.byMethod).map(([m, n]) => [m, n - (empty.byMethod[m] ?? 0)]).filter(([, n]) => n > 0));
  return [
    { key: 'timelineQueries', name: '  store queries per page (rendering the statuses)', value: full.total - empty.total, unit: 'queries', note: callList(page) },
    { key: 'timelineCalls', name: '  store calls per request (all)', value: full.total, unit: 'calls', note: `${empty.total} of them for an empty page: ${callList(empty.byMethod)}` },
  ];
}

/**
 * The staff web app's pages on the same store: the front page and the catalogue anonymously, a
 * solution page, and the signed-in start page (`/home`, a web session made through the control
 * channel); then the store calls of each page and of the home timeline. Returns the RSS peaks.
 */
async function measurePages(server, seconds, profile, dataDir, { auth, helloRps, rows }) {
  const peaks = [];
  const { cookie } = await server.call('webSession', { username: 'admin' });
  const catalogue = JSON.parse((await probe(server.port, '/api/v1/solutions?limit=1', auth)).body);
  const someId = catalogue.items?.[0]?.id;
  const PAGES = [
    { key: 'webFront', name: 'web: front page (/)', path: '/', headers: { accept: 'text/html' } },
    { key: 'webCatalogue', name: 'web: catalogue (/solutions)', path: '/solutions', headers: { accept: 'text/html' } },
    { key: 'webCatalogueText', name: 'web: catalogue search (/solutions?q=)', path: `/solutions?q=${encodeURIComponent('sygedagpenge')}`, headers: { accept: 'text/html' } },
    ...(someId ? [{ key: 'webSolution', name: 'web: a solution page', path: `/solutions/${someId}`, headers: { accept: 'text/html' } }] : []),
    { key: 'webHome', name: 'web: staff start page (/home)', path: '/home', headers: { accept: 'text/html', cookie } },
  ];
  const counted = [];
  for (const e of PAGES) {
    const p = await probe(server.port, e.path, e.headers);
    if (p.status !== 200) {
      rows.push({ key: `${e.key}Rps`, name: e.name, value: p.status === 404 ? 'n/a' : 'error', note: `HTTP ${p.status}` });
      continue;
    }
    const req = rawRequest('GET', e.path, { host: HOST, ...e.headers });
    await rawLoad(server.port, [req], { seconds: 0.3, connections: 4, depth: 1 });
    const sampler = rssSampler(server.child.pid);
    if (profile) await server.call('profileStart');
    const r = await rawLoad(server.port, [req], { seconds, connections: 4, depth: 1 });
    if (profile) await server.call('profileStop', { file: join(dataDir, `${e.key}.cpuprofile`) });
    peaks.push(sampler.stop().peak);
    const bad = Object.entries(r.statuses).filter(([s]) => s !== '200');
    rows.push({ key: `${e.key}Rps`, name: e.name, value: r.rps, unit: 'req/s', note: `${Math.round((r.rps / helloRps) * 100)} % of hello-world at the same load; p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${bad.length ? `, non-200: ${JSON.stringify(Object.fromEntries(bad))}` : ''}` });
    // run.mjs judges every `pageP99:` row against target 6.
    rows.push({ key: `pageP99:${e.key}`, name: `${e.name} p99`, value: r.p99, digits: 2, unit: 'ms', note: 'target < 20 ms at 1M objects' });
    if (profile) rows.push(...profileRows(e.key, e.name, join(dataDir, `${e.key}.cpuprofile`)));
    counted.push(e);
  }
  // Counted after every measured window: the counting twin is a second app in the server's heap,
  // which would otherwise show in the RSS peaks.
  rows.push(...(await timelineQueryRows(server, auth)));
  for (const e of counted) rows.push({ ...(await storeCallRow(server, e.key, e.path, e.headers)), name: `  store calls, ${e.name}` });
  return peaks;
}

export async function measureReads({ quick, seconds, profile }) {
  const rows = [];
  const objects = quick ? 100_000 : 1_000_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'samspil-bench-reads-'));
  const env = instanceEnv(dataDir);
  const dbPath = join(dataDir, 'samspil.sqlite');
  try {
    const first = await timedStart(env);
    const firstRss = rssMb(first.child.pid);
    await first.stop();
    const again = await timedStart(env);
    await again.stop();
    rows.push({ key: 'startFirst', name: 'start-up, empty data dir (first start: 3 RSA keys)', value: first.readyMs, unit: 'ms', note: `spawn -> listening; RSS ${firstRss} MB` });
    rows.push({ key: 'startEmpty', name: 'start-up, existing empty store', value: again.readyMs, unit: 'ms', note: 'spawn -> listening' });

    const seedStart = performance.now();
    const seeded = seedStore(dbPath, objects);
    await seedSolutions(dbPath, seeded.articles);
    const seedMs = performance.now() - seedStart;
    const sizeMb = Math.round(statSync(dbPath).size / 2 ** 20);
    rows.push({ key: 'readsSeed', name: `seeded ${objects.toLocaleString('en-US')} objects (not measured)`, value: Math.round(objects / (seedMs / 1000)), unit: 'objects/s', note: `${seeded.articles.length.toLocaleString('en-US')} of them solutions; ${sizeMb} MB file` });
    const token = cliToken(env, 'admin');

    const started = await timedStart(env);
    rows.push({ key: 'startLarge', name: `start-up, ${objects.toLocaleString('en-US')}-object store`, value: started.readyMs, unit: 'ms', note: 'spawn -> listening' });
    await started.stop();
    // Reads run against the harness: the same startInstance, plus a CPU profiler to switch on.
    const server = await startChild(0, join(here, 'servers', 'instance.mjs'), [], env);
    try {
      const rssIdle = rssMb(server.child.pid);
      rows.push({ key: 'rssReadsIdle', name: 'server RSS idle, large store', value: rssIdle, unit: 'MB' });
      const auth = { authorization: `Bearer ${token}` };
      const ENDPOINTS = [
        { key: 'timeline', name: 'home timeline (20 statuses)', path: '/api/v1/timelines/home?limit=20', headers: auth },
        { key: 'search', name: 'catalogue search, text, with facet counts', path: `/api/v1/solutions?q=${encodeURIComponent('sygedagpenge')}`, headers: auth },
        { key: 'searchFacet', name: 'catalogue search, text + sector filter', path: `/api/v1/solutions?q=${encodeURIComponent('sygedagpenge')}&sector=employment`, headers: auth },
        { key: 'searchBrowse', name: 'catalogue browse (no text), facet counts', path: '/api/v1/solutions?limit=20', headers: auth },
        { key: 'account', name: 'Mastodon account (GET /api/v1/accounts/:id)', path: `/api/v1/accounts/${seeded.someRemoteActorId}`, headers: auth },
        { key: 'actor', name: 'actor document (GET /users/agency)', path: '/users/agency', headers: { accept: 'application/activity+json' } },
      ];
      // The limit for a read: Fastify hello-world on the same core with the same load shape, now.
      const hello = await startChild(0, join(here, 'servers', 'hello.mjs'));
      let helloRps = 0;
      // Three windows: the first warms the server up, the best counts.
      for (let k = 0; k < 3; k++) helloRps = Math.max(helloRps, (await rawLoad(hello.port, [rawRequest('GET', '/', { host: '127.0.0.1' })], { seconds: seconds / 2, connections: 4, depth: 1 })).rps);
      await hello.stop();
      rows.push({ key: 'readsHello', name: 'Fastify hello-world, 4 in flight (the limit for reads)', value: helloRps, unit: 'req/s', note: 'best of 3, server core, same load shape' });
      let peak = rssIdle;
      for (const e of ENDPOINTS) {
        const p = await probe(server.port, e.path, e.headers);
        if (p.status === 404) {
          rows.push({ key: `${e.key}Rps`, name: e.name, value: 'n/a', note: 'not available in this build (404)' });
          continue;
        }
        if (p.status !== 200) {
          rows.push({ key: `${e.key}Rps`, name: e.name, value: 'error', note: `HTTP ${p.status}: ${p.body.slice(0, 120)}` });
          continue;
        }
        const parsed = JSON.parse(p.body);
        // A capped total (totalExact false) is a lower bound: printed as "10000+ matches".
        const count = e.key === 'timeline' ? parsed.length : e.key.startsWith('search') ? `${parsed.total}${parsed.totalExact === false ? '+' : ''}` : undefined;
        const req = rawRequest('GET', e.path, { host: HOST, ...e.headers });
        await rawLoad(server.port, [req], { seconds: 0.3, connections: 4, depth: 1 }); // warm-up
        const sampler = rssSampler(server.child.pid);
        // 4 in flight: enough to keep one server core busy without queueing inflating p99.
        if (profile) await server.call('profileStart');
        const r = await rawLoad(server.port, [req], { seconds, connections: 4, depth: 1 });
        if (profile) await server.call('profileStop', { file: join(dataDir, `${e.key}.cpuprofile`) });
        peak = Math.max(peak, sampler.stop().peak);
        const bad = Object.entries(r.statuses).filter(([s]) => s !== '200');
        const ratio = `${Math.round((r.rps / helloRps) * 100)} % of hello-world at the same load; `;
        rows.push({ key: `${e.key}Rps`, name: e.name, value: r.rps, unit: 'req/s', note: `${ratio}p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${count !== undefined ? `, ${count} ${e.key === 'timeline' ? 'statuses' : 'matches'}` : ''}${bad.length ? `, non-200: ${JSON.stringify(Object.fromEntries(bad))}` : ''}` });
        rows.push({ key: `${e.key}P99`, name: '  p99', value: r.p99, digits: 2, unit: 'ms', note: e.key === 'timeline' || e.key.startsWith('search') ? 'target < 20 ms at 1M objects' : '' });
        if (profile) rows.push(...profileRows(e.key, e.name, join(dataDir, `${e.key}.cpuprofile`)));
      }
      // The staff web app's pages (issue 16, target 6) and the store calls per page (target 3: at
      // most 5 rendering the home timeline): appended here, measured as the endpoints above.
      peak = Math.max(peak, ...(await measurePages(server, seconds, profile, dataDir, { auth, helloRps, rows })));
      rows.push({ key: 'rssReadsPeak', name: 'server RSS peak under reads', value: peak, unit: 'MB', note: 'target < 200 MB' });
    } finally {
      await server.stop();
    }
  } finally {
    // BENCH_KEEP_DATA=1 keeps the seeded store for looking at query plans afterwards.
    if (process.env.BENCH_KEEP_DATA) process.stderr.write(`kept ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
