import t from 'tap';
import BetterSqlite3 from 'better-sqlite3';
import { createRestAPIClient } from 'masto';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { agencyFollows } from '../solutions/federate.js';
import { fullSolution, staffToken } from '../solutions/fixtures.js';
import { sqlitePath } from '../../src/store/open.js';
import { backfillActor } from '../../src/activitypub/fetch/backfill.js';
import { findActor } from '../../src/domain/follows/follows.js';

/** The solutions `on` holds of the agency of `of`, by title. */
async function titlesOn(on: TestInstance, of: TestInstance): Promise<string[]> {
  const agency = await on.it.deps.store.actors.getByUsername('agency', of.domain);
  if (!agency) return [];
  const res = await on.it.app.inject({ url: `/api/v1/solutions?limit=50` });
  const found = (res.json() as { items?: Array<{ title: string; uri: string }> }).items ?? (res.json() as Array<{ title: string; uri: string }>);
  return found.filter((s) => s.uri.startsWith(`http://${of.domain}/`)).map((s) => s.title).sort();
}

t.test('backfill: following an agency brings its earlier public solutions, within the count and age bounds, once', async (t) => {
  const a = await testInstance(t, 'bf-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Agency A', languages: ['da'] } });
  const token = await staffToken(a.it.deps);
  const uris: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution({ title: `Løsning ${i}` }) });
    t.equal(r.statusCode, 201, r.body);
    uris.push(r.json().uri as string);
  }
  // The first one is old: its dates set back two years in A's own database, as an import of old records would.
  const old = new Date(Date.now() - 2 * 365 * 24 * 3600 * 1000).toISOString();
  const db = new BetterSqlite3(sqlitePath(a.config));
  db.prepare(`UPDATE objects SET published_at = ?, data = json_set(data, '$.published', ?) WHERE uri = ?`).run(old, old, uris[0]);
  const changed = db.prepare(`UPDATE activities SET data = json_set(data, '$.object.published', ?, '$.published', ?) WHERE type = 'Create' AND object_uri = ?`).run(old, old, uris[0]).changes;
  db.close();
  t.equal(changed, 1, 'the old Create in the outbox carries the old date');

  // C: the default bounds (40 posts, 365 days). B: at most 3 posts.
  const c = await testInstance(t, 'bf-c');
  const b = await testInstance(t, 'bf-b', { backfill: { maxItems: 3 } });
  t.same(await titlesOn(c, a), [], 'C holds nothing of A before following');
  await agencyFollows(c, a);
  await agencyFollows(b, a);

  const expected = ['Løsning 1', 'Løsning 2', 'Løsning 3', 'Løsning 4', 'Løsning 5'];
  await eventually('the five solutions within a year reach C', async () => JSON.stringify(await titlesOn(c, a)) === JSON.stringify(expected), 20_000);
  const me = (await c.it.deps.store.actors.getByUsername('agency', null))!;
  const aOnC = (await c.it.deps.store.actors.getByUsername('agency', a.domain))!;
  const follow = (await c.it.deps.store.follows.getByPair(me.id, aOnC.id))!;
  await eventually('the backfill job is done', async () => (await c.it.deps.store.jobs.getByKey(`backfill:follow:${follow.uri}`))?.state === 'done');
  t.same(await titlesOn(c, a), expected, 'the one older than maxAgeDays did not come');
  t.notOk(await c.it.deps.store.objects.getByUri(uris[0]!), 'nor as a post');

  await eventually('B: the three newest only (maxItems 3)', async () => JSON.stringify(await titlesOn(b, a)) === JSON.stringify(['Løsning 3', 'Løsning 4', 'Løsning 5']), 20_000);
  const bMe = (await b.it.deps.store.actors.getByUsername('agency', null))!;
  const aOnB = (await b.it.deps.store.actors.getByUsername('agency', a.domain))!;
  const bFollow = (await b.it.deps.store.follows.getByPair(bMe.id, aOnB.id))!;
  await eventually('B backfill done', async () => (await b.it.deps.store.jobs.getByKey(`backfill:follow:${bFollow.uri}`))?.state === 'done');
  t.same(await titlesOn(b, a), ['Løsning 3', 'Løsning 4', 'Løsning 5']);

  // Idempotent: a second walk looks at the same five and stores none of them again.
  const again = await backfillActor(c.it.fed, aOnC);
  t.match(again, { seen: 5, stored: 0, end: 'age' });
  t.same(await titlesOn(c, a), expected);

  // Staff on C see them in home (the agency feed), each once.
  const staff = createRestAPIClient({ url: `http://${c.domain}`, accessToken: await staffToken(c.it.deps, 'sofie') });
  const home = (await staff.v1.timelines.home.list({ limit: 40 })).filter((s) => s.account.acct === `agency@${a.domain}`);
  t.equal(home.length, 5, 'five statuses in a staff home');
  t.equal(new Set(home.map((s) => s.uri)).size, 5, 'none twice');
});

t.test("backfill: a staff member opening a remote agency's profile with no posts here queues one bounded backfill", async (t) => {
  const a = await testInstance(t, 'bfp-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Agency A', languages: ['da'] } });
  const c = await testInstance(t, 'bfp-c');
  const token = await staffToken(a.it.deps);
  const r = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution({ title: 'Profilens løsning' }) });
  t.equal(r.statusCode, 201);
  const remote = await findActor(c.it.fed, `@agency@${a.domain}`);
  const staff = createRestAPIClient({ url: `http://${c.domain}`, accessToken: await staffToken(c.it.deps, 'sofie') });
  t.same(await staff.v1.accounts.$select(remote.id).statuses.list(), [], 'nothing held yet');
  const statuses = await eventually('the profile fills in', async () => {
    const list = await staff.v1.accounts.$select(remote.id).statuses.list();
    return list.length ? list : undefined;
  }, 20_000);
  t.equal(statuses.length, 1);
  t.match(statuses[0]!.content, /<h2>Profilens løsning<\/h2>.*<h3>Problem<\/h3>/s, 'in full');
  const job = await c.it.deps.store.jobs.getByKey(`backfill:profile:${remote.uri}`);
  t.ok(job, 'one job, keyed by the profile');
  // Anonymous readers do not start one (only staff).
  const other = await findActor(a.it.fed, `@agency@${c.domain}`);
  t.same((await a.it.app.inject({ url: `/api/v1/accounts/${other.id}/statuses` })).json(), []);
  t.notOk(await a.it.deps.store.jobs.getByKey(`backfill:profile:${other.uri}`), 'no job for an anonymous reader');
});
