import t from 'tap';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers/config.js';

/**
 * The reads pages make walk indexes, not tables: a plan that scans would cost O(catalogue) per
 * page and still return the right rows, so only the plan shows it.
 */
t.test('SQLite plans of the batched page reads', async (t) => {
  const path = join(tempDir(t), 'plans.sqlite');
  const store = await openSqliteStore({ path });
  await store.close();
  const db = new BetterSqlite3(path, { readonly: true });
  t.teardown(() => db.close());
  const plan = (sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

  const own = plan('SELECT * FROM solutions WHERE author_id = ? AND local = 1 ORDER BY id', 'x');
  t.match(own, /USING INDEX solutions_author/, `a staff member's own solutions by the author index (${own})`);
  t.notMatch(own, /SCAN solutions(?! USING)/, 'no scan of the catalogue');

  const actors = plan('SELECT * FROM actors WHERE id IN (SELECT value FROM json_each(?))', '["1"]');
  t.match(actors, /SEARCH actors USING INDEX sqlite_autoindex_actors_1 \(id=\?\)|SEARCH actors USING (INTEGER PRIMARY KEY|INDEX)/, `actors by id probe the key (${actors})`);
  const media = plan('SELECT * FROM media WHERE object_id IN (SELECT value FROM json_each(?))', '["1"]');
  t.match(media, /USING INDEX media_object/, `uploads by the object index (${media})`);
  const newest = plan(`SELECT s.* FROM json_each(?) k JOIN solutions s ON s.rowid IN (
      SELECT rowid FROM solutions WHERE actor_id = k.value AND deleted_at IS NULL ORDER BY published_at DESC, id DESC LIMIT ?)
    ORDER BY s.published_at DESC, length(s.id) DESC, s.id DESC LIMIT ?`, '["1"]', 5, 5);
  t.match(newest, /solutions_actor_published/, `each agency's newest by its (actor, published) index (${newest})`);
});
