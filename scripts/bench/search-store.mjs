// The catalogue search's store call alone, in one process: solutions.search for text, text + sector
// and browse on a store of 250,000 solutions seeded as reads.mjs seeds the full run's catalogue
// (the same titles, summaries, facets and rowid order; the other 750,000 objects are left out, they
// are not read by the search). Several builds can be timed in the same run, interleaved, so that
// a shared machine's drift hits them alike:
//   node scripts/bench/search-store.mjs [--db=FILE] [--calls=300] [DIST_DIR ...]
// DIST_DIR defaults to this checkout's dist/. The store file is made once and reused.
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const dbPath = resolve(opt('db', '/tmp/search-bench/solutions-250k.sqlite'));
const calls = Number(opt('calls', '300'));
const dists = args.filter((a) => !a.startsWith('--')).map((d) => resolve(d));
if (!dists.length) dists.push(join(here, '..', '..', 'dist'));

// The same vocabulary as reads.mjs.
const WORDS = ['ventetid', 'selvbooking', 'jobcenter', 'borgerservice', 'digital post', 'sagsbehandling', 'ydelse', 'integration', 'sygedagpenge', 'botilbud', 'hjemmepleje', 'rehabilitering', 'skole', 'dagtilbud', 'affald', 'byggesag'];
const AREAS = ['beskæftigelse', 'social', 'sundhed', 'børn', 'teknik', 'administration'];
const MATURITY = ['idea', 'pilot', 'in-use', 'scaled', 'retired'];
const SECTORS = ['employment', 'health', 'elder-care', 'social-services', 'children-and-families', 'education', 'culture', 'environment', 'infrastructure', 'administration', 'digital', 'other'];

async function seed(openSqliteStore) {
  const objects = 1_000_000;
  const actorsCount = 1000;
  const store = await openSqliteStore({ path: dbPath });
  await store.close();
  const db = new Database(dbPath);
  const now = new Date().toISOString();
  const t0 = Date.now() - 365 * 86_400_000;
  let seq = 0;
  const id = (ms) => ((BigInt(ms) << 16n) | BigInt(seq++ & 0xffff)).toString();
  const ins = db.prepare(`INSERT INTO actors (id, uri, username, domain, type, display_name, inbox, shared_inbox, public_key_id, public_key_pem, created_at, updated_at, fetched_at)
    VALUES (?, ?, ?, ?, 'Person', ?, ?, ?, ?, 'x', ?, ?, ?)`);
  const actors = [];
  db.transaction(() => {
    for (let a = 0; a < actorsCount; a++) {
      const domain = `kommune${a % 98}.example`;
      const uri = `https://${domain}/users/a${a}`;
      const aid = id(t0 - 1000 + a);
      actors.push({ id: aid, uri, domain });
      ins.run(aid, uri, `a${a}`, domain, `Kommune ${a}`, `${uri}/inbox`, `https://${domain}/inbox`, `${uri}#main-key`, now, now, now);
    }
  })();
  db.close();
  const s = await openSqliteStore({ path: dbPath });
  const span = 365 * 86_400_000;
  const articles = [];
  for (let i = 0; i < objects; i += 4) {
    const actor = actors[i % actorsCount];
    articles.push([id(t0 + Math.floor((i / objects) * span)), `${actor.uri}/statuses/${i}`, actor.id, actor.domain, new Date(t0 + Math.floor((i / objects) * span)).toISOString(), i]);
  }
  for (let start = 0; start < articles.length; start += 5000) {
    await s.transaction(async (tx) => {
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
  await s.close();
}

const builds = [];
for (const d of dists) {
  const mod = await import(pathToFileURL(join(d, 'store', 'sqlite', 'index.js')).href);
  const read = await import(pathToFileURL(join(d, 'domain', 'solutions', 'read.js')).href);
  const { Urls } = await import(pathToFileURL(join(d, 'urls.js')).href);
  builds.push({ name: d, open: mod.openSqliteStore, searchSolutions: read.searchSolutions, urls: new Urls({ domain: 'bench.localhost', publicUrlScheme: 'http' }) });
}
if (!existsSync(dbPath)) {
  const t = performance.now();
  await seed(builds[0].open);
  console.log(`seeded ${dbPath} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
for (const b of builds) b.store = await b.open({ path: dbPath });

const queries = {
  text: { text: 'sygedagpenge', limit: 20, offset: 0 },
  'text+sector': { text: 'sygedagpenge', sector: ['employment'], limit: 20, offset: 0 },
  browse: { limit: 20, offset: 0 },
};
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// The store call alone, then the API's whole answer (GET /api/v1/solutions without HTTP: the
// search, the page's adoptions and agencies, the views).
const calls_ = {
  store: (b, q) => b.store.solutions.search(q),
  api: (b, q) => b.searchSolutions({ store: b.store, urls: b.urls }, q),
};
for (const [what, call] of Object.entries(calls_)) for (const [qname, q] of Object.entries(queries)) {
  const name = `${what} ${qname}`;
  const times = builds.map(() => []);
  for (const b of builds) for (let i = 0; i < 20; i++) await call(b, q); // warm
  // Interleaved, call by call, so that the machine's drift falls on every build alike.
  for (let i = 0; i < calls; i++) {
    for (const [k, b] of builds.entries()) {
      const t = performance.now();
      await call(b, q);
      times[k].push(performance.now() - t);
    }
  }
  builds.forEach((b, k) => {
    const xs = times[k].sort((x, y) => x - y);
    console.log(`${name.padEnd(16)} ${b.name.padEnd(40)} p50 ${pct(xs, 50).toFixed(2)} ms  p90 ${pct(xs, 90).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms`);
  });
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const b of builds) await b.store.close();
