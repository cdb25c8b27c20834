// Timeline queries over a large store: home (per-followed-actor merge), public, public local, tag,
// deep pages and min_id pages, as p50/p99 latencies of the store port. The data is written straight
// into SQLite (after the real migrations) because a million objects through the port would take
// minutes; what is measured is only the port's queries.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteStore } from '../../dist/store/sqlite/index.js';
import { homeTimeline } from '../../dist/domain/statuses/timelines.js';
import { loadConfig } from '../../dist/config/load.js';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function latency(fn, runs) {
  for (let i = 0; i < Math.min(50, runs); i++) await fn(i);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function measureTimelines({ objects = 1_000_000, actors = 5000, followed = 300, runs = 500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'samspil-bench-timelines-'));
  const path = join(dir, 'samspil.sqlite');
  try {
    (await openSqliteStore({ path })).close();
    const db = new BetterSqlite3(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const baseMs = Date.now() - objects * 1000;
    const id = (ms, seq) => ((BigInt(ms) << 16n) | BigInt(seq)).toString();
    const insertActor = db.prepare(`INSERT INTO actors (id, uri, username, domain, type, inbox, public_key_id, public_key_pem, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'Person', ?, ?, 'pem', ?, ?)`);
    const insertObject = db.prepare(`INSERT INTO objects (id, uri, type, actor_id, local, url, visibility, language, published_at, data)
      VALUES (?, ?, 'Note', ?, ?, NULL, ?, 'en', ?, ?)`);
    const insertAnnounce = db.prepare(`INSERT INTO activities (id, uri, type, actor_id, object_uri, local, public, created_at) VALUES (?, ?, 'Announce', ?, ?, 0, 1, ?)`);
    const insertFollow = db.prepare(`INSERT INTO follows (id, uri, follower_id, followee_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'accepted', ?, ?)`);
    const now = new Date().toISOString();
    const actorIds = [];
    const t0 = performance.now();
    db.transaction(() => {
      for (let a = 0; a < actors; a++) {
        const aid = id(baseMs - 1000, a);
        const local = a < actors / 10;
        const host = local ? null : `r${a % 50}.example`;
        const uri = `https://${host ?? 'local.example'}/users/u${a}`;
        insertActor.run(aid, uri, `u${a}`, host, `${uri}/inbox`, `${uri}#main-key`, now, now);
        actorIds.push({ id: aid, uri, local });
      }
      const tags = Array.from({ length: 200 }, (_, i) => `tag${i}`);
      for (let i = 0; i < objects; i++) {
        const actor = actorIds[(i * 7919) % actors];
        const oid = id(baseMs + i * 1000, 0);
        const uri = `${actor.uri}/statuses/${oid}`;
        const vis = i % 10 === 0 ? 'unlisted' : i % 25 === 0 ? 'private' : 'public';
        const tag = i % 3 === 0 ? [{ type: 'Hashtag', name: `#${tags[i % tags.length]}` }] : [];
        insertObject.run(oid, uri, actor.id, actor.local ? 1 : 0, vis, new Date(baseMs + i * 1000).toISOString(), JSON.stringify({ id: uri, type: 'Note', content: `<p>post ${i}</p>`, tag }));
        if (i % 20 === 0) {
          const booster = actorIds[(i * 104729) % actors];
          insertAnnounce.run(id(baseMs + i * 1000, 1), `${booster.uri}/statuses/${i}/activity`, booster.id, uri, now);
        }
      }
      const viewer = actorIds[0];
      for (let f = 1; f <= followed; f++) insertFollow.run(id(baseMs, 10_000 + f), `${viewer.uri}#follows/${f}`, viewer.id, actorIds[(f * 13) % actors].id, now, now);
    })();
    const loadSeconds = (performance.now() - t0) / 1000;
    db.exec('ANALYZE');
    db.close();

    const store = await openSqliteStore({ path });
    const viewer = await store.actors.getById(actorIds[0].id);
    // The home timeline reads the agency's feed too: it needs the agency's username from the config.
    const deps = { store, config: loadConfig({ env: {} }) };
    const mid = id(baseMs + Math.floor(objects / 2) * 1000, 0);
    const rows = [];
    const add = (key, name, value, unit, note) => rows.push({ key, name, value, unit, note, digits: 2 });
    rows.push({ key: 'timelineLoad', name: `load ${objects.toLocaleString('en')} objects, ${actors} actors (direct SQL)`, value: loadSeconds, unit: 's', digits: 1 });
    const cases = [
      ['home', `home, ${followed} followed, first page of 20`, () => homeTimeline(deps, viewer, { limit: 20 })],
      ['homeDeep', 'home, page at max_id in the middle', () => homeTimeline(deps, viewer, { limit: 20, maxId: mid })],
      ['homeMin', 'home, min_id page in the middle', () => homeTimeline(deps, viewer, { limit: 20, minId: mid })],
      ['public', 'public, first page of 20', () => store.statuses.publicTimeline({ origin: 'all' }, { limit: 20 })],
      ['publicLocal', 'public local, page at max_id in the middle', () => store.statuses.publicTimeline({ origin: 'local' }, { limit: 20, maxId: mid })],
      ['tag', 'tag timeline, first page of 20', (i) => store.statuses.tagTimeline(`tag${i % 200}`, { origin: 'all' }, { limit: 20 })],
      ['tagDeep', 'tag timeline, page at max_id in the middle', (i) => store.statuses.tagTimeline(`tag${i % 200}`, { origin: 'all' }, { limit: 20, maxId: mid })],
    ];
    for (const [key, name, fn] of cases) {
      const { p50, p99 } = await latency(fn, runs);
      add(`${key}P50`, `${name}: p50`, p50, 'ms');
      add(`${key}P99`, `${name}: p99`, p99, 'ms', p99 < 20 ? 'within 20 ms' : 'OVER the 20 ms target');
    }
    await store.close();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
