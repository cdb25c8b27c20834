import t from 'tap';
import { findActor } from '../../src/domain/follows/follows.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { fullSolution } from '../solutions/fixtures.js';
import { mastoStaff } from './helpers.js';

/**
 * Full-text search in /api/v2/search through masto against two real instances: solutions (in every
 * language they carry) and posts the viewer may read (own, mentioning them, public of indexable
 * accounts, local and remote), not others, paging, account_id, anonymous and type rules.
 */
t.test('v2 search finds statuses and solutions by their text, as Mastodon 4 decides who may', async (t) => {
  const a = await testInstance(t, 'sa');
  const b = await testInstance(t, 'sb');
  const base = `http://127.0.0.1:${a.port}`;
  const { tokens, client } = mastoStaff();
  const anna = await client(a, 'anna');
  const ben = await client(a, 'ben');
  const cara = await client(a, 'cara');
  const bob = await client(b, 'bob');
  const benId = (await ben.v1.accounts.verifyCredentials()).id;
  await anna.v1.accounts.$select(benId).follow();
  const bobHere = await findActor(a.it.fed, `bob@${b.domain}`);
  await anna.v1.accounts.$select(bobHere.id).follow();
  await eventually('b accepted', async () => (await anna.v1.accounts.relationships.fetch({ id: [bobHere.id] }))[0]?.following);
  await cara.v1.accounts.updateCredentials({ indexable: false } as never);

  // A solution published at A (Danish, with Norwegian and English translations).
  const published = await fetch(`${base}/api/v1/solutions`, { method: 'POST', headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/json' }, body: JSON.stringify(fullSolution()) });
  t.equal(published.status, 201, 'the solution is published');
  const solution = (await published.json()) as { id: string };

  const mine = await anna.v1.statuses.create({ status: 'Min SMS-påmindelse til teamet', visibility: 'private' });
  const benPublic = await ben.v1.statuses.create({ status: 'SMS reminders halved no-shows', visibility: 'public' });
  const benPrivate = await ben.v1.statuses.create({ status: 'SMS budget, followers only', visibility: 'private' });
  const benDirect = await ben.v1.statuses.create({ status: '@anna the SMS vendor contract', visibility: 'direct' });
  const benUnlisted = await ben.v1.statuses.create({ status: 'SMS notes, unlisted', visibility: 'unlisted' });
  const caraPublic = await cara.v1.statuses.create({ status: 'SMS from someone who is not indexable', visibility: 'public' });
  const bobPost = await bob.v1.statuses.create({ status: 'SMS-påminnelse hos oss i Bergen', visibility: 'public' });
  const bobHereStatus = await eventually("bob's post reaches A", async () => (await anna.v1.timelines.home.list({ limit: 40 })).find((s) => s.uri === bobPost.uri), 15_000);

  const find = async (q: string, extra: Record<string, unknown> = {}) => (await anna.v2.search.list({ q, type: 'statuses', ...extra } as never)).statuses.map((s) => s.id);

  await t.test('who may: own, mentioning, public of indexable accounts, remote; not private to followers, unlisted, not indexable', async (t) => {
    const ids = await find('sms');
    t.equal(ids[0], solution.id, 'the solution first, shown as its status');
    for (const [id, why] of [[mine.id, 'own private post'], [benPublic.id, 'public'], [benDirect.id, 'a direct mention'], [bobHereStatus.id, 'a remote public post']] as const) t.ok(ids.includes(id), why);
    for (const [id, why] of [[benPrivate.id, "followers-only without mention (Mastodon 4's rule)"], [benUnlisted.id, 'unlisted'], [caraPublic.id, 'an account that is not indexable']] as const) t.notOk(ids.includes(id), why);
    t.same(ids.slice(1), [...ids.slice(1)].sort((x, y) => (x.length !== y.length ? y.length - x.length : x < y ? 1 : x > y ? -1 : 0)), 'posts newest first');
    const full = (await anna.v2.search.list({ q: 'sms', type: 'statuses' })).statuses[0]!;
    t.match(full, { id: solution.id, content: /<h2>Sms-påmindelse før første samtale<\/h2>/, card: { title: 'Sms-påmindelse før første samtale' }, account: { acct: 'agency' } });
    t.same(await find('sms', { account_id: benId }), ids.filter((id) => [benPublic.id, benDirect.id].includes(id)), 'account_id');
    t.notOk((await find('sms', { account_id: benId })).includes(solution.id));
  });

  await t.test('every language: a solution by its Norwegian and English words, Danish letters kept, prefixes', async (t) => {
    t.same(await find('uteblivelser'), [solution.id], 'Norwegian translation');
    t.same(await find('text reminder'), [solution.id], 'English translation');
    t.same(new Set(await find('påmind')), new Set([solution.id, mine.id]), 'a Danish prefix: solution and post');
    t.same(await find('påminnelse bergen'), [bobHereStatus.id], 'every word must match');
    t.same(await find('pamindelse'), [], 'no diacritics folding');
  });

  await t.test('paging with offset and limit, no type, type=accounts, anonymous', async (t) => {
    const all = await find('sms');
    t.same(await find('sms', { limit: 2 }), all.slice(0, 2));
    t.same(await find('sms', { limit: 2, offset: 2 }), all.slice(2, 4));
    const mixed = await anna.v2.search.list({ q: 'sms' });
    t.same(mixed.statuses.map((s) => s.id), all, 'no type: statuses too');
    t.same((await anna.v2.search.list({ q: 'sms', type: 'accounts' })).statuses, []);
    const anonymous = (await (await fetch(`${base}/api/v2/search?q=sms`)).json()) as { statuses: unknown[] };
    t.same(anonymous.statuses, [], 'anonymous searches do not search text (as Mastodon)');
    t.match(await (await fetch(`${base}/api/v2/search?q=sms&type=statuses`, { headers: { authorization: `Bearer ${tokens.ben}` } })).json(), { statuses: [{ id: solution.id }] }, 'another viewer sees the solution');
    const benIds = ((await (await fetch(`${base}/api/v2/search?q=sms&type=statuses&limit=40`, { headers: { authorization: `Bearer ${tokens.ben}` } })).json()) as { statuses: Array<{ id: string }> }).statuses.map((s) => s.id);
    t.notOk(benIds.includes(mine.id), "anna's private post is not ben's to find");
    t.ok(benIds.includes(benPrivate.id), 'his own private post is');
  });

  await t.test('a deleted post and an edited one', async (t) => {
    await ben.v1.statuses.$select(benPublic.id).remove();
    t.notOk((await find('sms')).includes(benPublic.id));
    await anna.v1.statuses.$select(mine.id).update({ status: 'Now about letters' });
    t.notOk((await find('påmindelse')).includes(mine.id));
    t.same(await find('letters'), [mine.id]);
  });
});
