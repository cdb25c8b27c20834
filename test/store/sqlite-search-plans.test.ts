import t from 'tap';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { SEARCH_SQL, matchExpression } from '../../src/store/sqlite/solutions.js';
import { newId } from '../../src/ids.js';
import { tempDir } from '../helpers/config.js';
import { putActor } from './contract/fixtures.js';

/**
 * The catalogue search costs what its bounds allow only with these plans (docs/performance.md,
 * "Catalogue search"): the match set from FTS5 in its own order, never a sort of every match; the
 * solutions rows by rowid for the page only; browse from the partial index and the counters. The
 * plans are pinned in the SQL, so they must be the same without statistics and after ANALYZE
 * (which `PRAGMA optimize` may run at any time).
 */
t.test('the catalogue search statements keep their plans, with and without statistics', async (t) => {
  const path = join(tempDir(t, 'samspil-search-plans-'), 's.sqlite');
  const store = await openSqliteStore({ path });
  t.teardown(() => store.close());
  const agency = await putActor(store, { type: 'Organization' });
  for (let i = 0; i < 60; i++) {
    const id = newId();
    await store.solutions.put({
      id, uri: `https://local.test/solutions/${i}`, actorId: agency.id, authorId: null, local: true, url: null, origin: 'local.test', revision: 1,
      publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), updatedAt: null, deletedAt: i % 10 === 1 ? new Date().toISOString() : null, repliesCount: 0,
      fields: { title: `Løsning ${i}`, summary: 'S', problem: 'P', approach: 'A', language: 'da', sectors: [i % 2 ? 'health' : 'employment'], tags: [`t${i % 3}`] },
    });
  }
  const db = new BetterSqlite3(path);
  t.teardown(() => db.close());
  const expr = matchExpression(['løsning'], { sector: ['health'] })!;
  const plan = (sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  const where = 's.deleted_at IS NULL AND EXISTS (SELECT 1 FROM solution_facets sf WHERE sf.solution_id = s.id AND sf.facet = ? AND sf.value IN (?))';
  for (const stats of ['without statistics', 'after ANALYZE']) {
    if (stats === 'after ANALYZE') db.exec('ANALYZE');
    const fts = /SCAN solutions_fts VIRTUAL TABLE INDEX/;
    const byRowid = /SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/;
    const checks: Array<[string, string, RegExp[], RegExp[]]> = [
      ['count', plan(SEARCH_SQL.count, expr, 10), [fts], [/SCAN solutions\b/]],
      ['counters', plan(SEARCH_SQL.counters, 'sector'), [/SEARCH solution_facet_counts USING (COVERING )?INDEX solution_facet_counts_top \(facet=\?/], [/TEMP B-TREE/]],
      ['indexed', plan(SEARCH_SQL.indexed), [/SEARCH solution_facet_counts USING (PRIMARY KEY|(COVERING )?INDEX \w+) \(facet=\?\)/], []],
      // FTS5 takes the descending order itself (no sort of the matches).
      ['sampled', plan(SEARCH_SQL.sampled, expr, 10), [fts], [/TEMP B-TREE/, /SCAN solutions\b/]],
      ['newest', plan(SEARCH_SQL.newest, 10, 0), [/SCAN solutions USING (COVERING )?INDEX solutions_published/, byRowid], [/solutions_published \| USE TEMP B-TREE/, /SCAN s\b/]],
      ['window', plan(SEARCH_SQL.window, expr, 10), [fts], [/TEMP B-TREE/, /SCAN solutions\b/]],
      // Below the window: the rowid bound reaches FTS5 (M4<: rowid < ?), in its own order.
      ['beforeWindow', plan(SEARCH_SQL.beforeWindow, expr, 0, 10, 0), [/SCAN solutions_fts VIRTUAL TABLE INDEX \d+:M4</], [/TEMP B-TREE/]],
      ['byRowid', plan(SEARCH_SQL.byRowid, '[1]'), [/SCAN j VIRTUAL TABLE/, byRowid], [/SCAN s\b/]],
      ['newestOfFew', plan(SEARCH_SQL.newestOfFew, '[1]', 10, 0), [/SCAN j VIRTUAL TABLE/, byRowid], [/SCAN s\b/]],
      ['newestOfMany', plan(SEARCH_SQL.newestOfMany(where), 'sector', 'health', 10, 0), [/SCAN s USING (COVERING )?INDEX solutions_published/, /SEARCH sf USING (COVERING )?INDEX sqlite_autoindex_solution_facets_1 \(solution_id=\? AND facet=\? AND value=\?\)/], []],
    ];
    for (const [name, p, must, mustNot] of checks) {
      for (const re of must) t.match(p, re, `${name} (${stats}): ${re}`);
      for (const re of mustNot) t.notMatch(p, re, `${name} (${stats}): not ${re}`);
      t.comment(`${name}: ${p}`);
    }
  }
  t.equal((await store.solutions.search({ text: 'løsning', sector: ['health'], limit: 100, offset: 0 })).total, 24, 'the statements answer (30 in health, 6 of them deleted)');
});

// What a word begins is kept between searches until the index changes; a change made through
// another connection (a CLI command while the server runs) must show at once too.
t.test('a solution written through another connection is found at once', async (t) => {
  const path = join(tempDir(t, 'samspil-search-terms-'), 's.sqlite');
  const server = await openSqliteStore({ path });
  t.teardown(() => server.close());
  const agency = await putActor(server, { type: 'Organization' });
  const put = (store: typeof server, n: number, title: string) => store.solutions.put({
    id: newId(), uri: `https://local.test/solutions/${n}`, actorId: agency.id, authorId: null, local: true, url: null, origin: 'local.test', revision: 1,
    publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(), updatedAt: null, deletedAt: null, repliesCount: 0,
    fields: { title, summary: 'S', problem: 'P', approach: 'A', language: 'da' },
  });
  await put(server, 1, 'Ventetid');
  t.equal((await server.solutions.search({ text: 'vente', limit: 10, offset: 0 })).total, 1);
  const cli = await openSqliteStore({ path });
  await put(cli, 2, 'Venteliste');
  await cli.close();
  t.equal((await server.solutions.search({ text: 'vente', limit: 10, offset: 0 })).total, 2, 'the new word is one of those "vente" begins');
});
