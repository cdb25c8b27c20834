import t from 'tap';
// @ts-expect-error ws ships no types here (as in streaming.test.ts)
import WebSocket from 'ws';
import { findActor } from '../../src/domain/follows/follows.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { mastoStaff } from './helpers.js';

type Json = Record<string, any>;

/**
 * Filters v2 through masto against two real instances: CRUD with Mastodon's entities and errors,
 * then applied: `warn` puts FilterResults in `filtered`, `hide` leaves statuses out of home, list,
 * public and tag timelines, notifications and the streaming API, per context, whole words in
 * Nordic text, statuses by id, expiry, own posts never filtered, remote posts too.
 */
t.test('filters v2 with masto: CRUD, then applied to timelines, notifications and streams', async (t) => {
  const a = await testInstance(t, 'fa');
  const b = await testInstance(t, 'fb');
  const base = `http://127.0.0.1:${a.port}`;
  const { tokens, client } = mastoStaff();
  const anna = await client(a, 'anna');
  const ben = await client(a, 'ben');
  const bob = await client(b, 'bob');
  const benId = (await ben.v1.accounts.verifyCredentials()).id;
  const bobHere = await findActor(a.it.fed, `bob@${b.domain}`);
  await anna.v1.accounts.$select(benId).follow();
  await anna.v1.accounts.$select(bobHere.id).follow();
  await eventually('b accepted', async () => (await anna.v1.accounts.relationships.fetch({ id: [bobHere.id] }))[0]?.following);
  const raw = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${tokens.anna}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: r.status, body: (await r.json()) as Json };
  };

  let warn: Json;
  await t.test('CRUD: create with keywords, read, update keywords, sub-resources, v1 view, errors', async (t) => {
    warn = await anna.v2.filters.create({ title: 'Elections', context: ['home', 'public', 'notifications', 'thread'], filterAction: 'warn', keywordsAttributes: [{ keyword: 'valg', wholeWord: true }, { keyword: 'påmindelse', wholeWord: true }] });
    t.match(warn, { id: /^\d+$/, title: 'Elections', context: ['home', 'public', 'notifications', 'thread'], expiresAt: null, filterAction: 'warn', statuses: [] });
    t.same(warn.keywords.map((k: Json) => [k.keyword, k.wholeWord]), [['valg', true], ['påmindelse', true]]);
    t.same((await anna.v2.filters.list()).map((f) => f.id), [warn.id]);
    t.same((await anna.v2.filters.$select(warn.id).fetch()).title, 'Elections');
    t.same(await ben.v2.filters.list(), [], "another user's filters are not shown");
    t.equal((await fetch(`${base}/api/v2/filters/${warn.id}`, { headers: { authorization: `Bearer ${tokens.ben}` } })).status, 404);

    const extra = await anna.v2.filters.$select(warn.id).keywords.create({ keyword: 'temp', wholeWord: false });
    t.match(extra, { keyword: 'temp', wholeWord: false });
    t.match(await anna.v2.filters.keywords.$select(extra.id).update({ keyword: 'tmp', wholeWord: true }), { keyword: 'tmp', wholeWord: true });
    t.match(await anna.v2.filters.keywords.$select(extra.id).fetch(), { id: extra.id, keyword: 'tmp' });
    const updated = await anna.v2.filters.$select(warn.id).update({ title: 'Valg', keywordsAttributes: [{ id: extra.id, _destroy: true }, { keyword: 'kommune', wholeWord: false }] });
    t.same(updated.keywords.map((k) => k.keyword), ['valg', 'påmindelse', 'kommune'], 'one destroyed, one added');
    t.equal(updated.title, 'Valg');
    await anna.v2.filters.keywords.$select(updated.keywords[2]!.id).remove();
    t.same((await anna.v2.filters.$select(warn.id).keywords.list()).map((k) => k.keyword), ['valg', 'påmindelse']);
    const v1 = await raw('GET', '/api/v1/filters');
    t.same(v1.body.map((f: Json) => [f.phrase, f.whole_word, f.irreversible, f.context.length]), [['valg', true, false, 4], ['påmindelse', true, false, 4]]);
    t.match((await raw('GET', `/api/v1/filters/${v1.body[0].id}`)).body, { phrase: 'valg' });

    t.same(await raw('POST', '/api/v2/filters', { title: ' ', context: ['home'] }), { status: 422, body: { error: "Validation failed: Title can't be blank" } });
    t.same(await raw('POST', '/api/v2/filters', { title: 'x', context: ['kitchen'] }), { status: 422, body: { error: 'Validation failed: Context None or invalid context supplied' } });
    t.same(await raw('POST', '/api/v2/filters', { title: 'x', context: [] }), { status: 422, body: { error: "Validation failed: Context can't be blank" } });
    t.same(await raw('POST', '/api/v2/filters', { title: 'x', context: ['home'], filter_action: 'shout' }), { status: 422, body: { error: 'Validation failed: Filter action is not included in the list' } });
    t.same(await raw('POST', '/api/v2/filters', { title: 'x', context: ['home'], keywords_attributes: [{ keyword: '' }] }), { status: 422, body: { error: "Validation failed: Keywords Keyword can't be blank" } });
    t.equal((await raw('POST', '/api/v2/filters', { title: 'x', context: 'home', expires_in: 'soon' })).status, 422);
    t.equal((await raw('POST', '/api/v2/filters', { title: 12, context: ['home'] })).status, 422, 'a wrong type is refused, not coerced');
    // Form encoding with context[] and keywords_attributes[][...] (what form-posting apps send).
    const form = await fetch(`${base}/api/v2/filters`, {
      method: 'POST', headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=Form&context[]=account&keywords_attributes[][keyword]=a&keywords_attributes[][whole_word]=false&keywords_attributes[][keyword]=b',
    });
    const formFilter = (await form.json()) as Json;
    t.equal(form.status, 200);
    t.same(formFilter.keywords.map((k: Json) => [k.keyword, k.whole_word]), [['a', false], ['b', true]]);
    for (const bad of ['title=%zz%&context[]=home', 'title=%ED%A0%80&context[]=home']) {
      const refused = await fetch(`${base}/api/v2/filters`, { method: 'POST', headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/x-www-form-urlencoded' }, body: bad });
      t.equal(refused.status, 400, `a broken form body is refused: ${bad}`);
      t.match(await refused.json(), { error: /percent-encoded UTF-8/ });
    }
    await anna.v2.filters.$select(formFilter.id).remove();
    t.equal((await raw('GET', `/api/v2/filters/${formFilter.id}`)).status, 404);
  });

  await t.test('warn: filtered with keyword_matches, whole words in Danish, home and public; own posts never', async (t) => {
    const hit = await ben.v1.statuses.create({ status: 'Valg i morgen: husk det', visibility: 'public' });
    const compound = await ben.v1.statuses.create({ status: 'Kommunalvalg og SMS-påmindelser', visibility: 'public' });
    const second = await ben.v1.statuses.create({ status: 'En påmindelse om mødet', visibility: 'public' });
    const mine = await anna.v1.statuses.create({ status: 'Mit valg', visibility: 'public' });
    const home = await anna.v1.timelines.home.list({ limit: 40 });
    const byId = (list: Json[], id: string) => list.find((s) => s.id === id)!;
    t.match(byId(home, hit.id).filtered, [{ filter: { id: warn.id, title: 'Valg', filterAction: 'warn' }, keywordMatches: ['valg'], statusMatches: null }]);
    t.same(byId(home, compound.id).filtered, [], '"Kommunalvalg" and "påmindelser" are not the whole words');
    t.match(byId(home, second.id).filtered, [{ keywordMatches: ['påmindelse'] }]);
    t.same(byId(home, mine.id).filtered, [], 'own posts are never filtered');
    const pub = await anna.v1.timelines.public.list({ limit: 40 });
    t.match(byId(pub, hit.id).filtered, [{ keywordMatches: ['valg'] }]);
    t.same((await ben.v1.timelines.public.list({ limit: 40 })).find((s) => s.id === hit.id)!.filtered, [], "ben's view has no filter");
    t.same((await anna.v1.statuses.$select(hit.id).fetch()).filtered, [], 'a single status is not filtered (no context)');
    const remote = await bob.v1.statuses.create({ status: 'Valg hos os også', visibility: 'public' });
    const arrived = await eventually("bob's post arrives", async () => (await anna.v1.timelines.home.list({ limit: 40 })).find((s) => s.uri === remote.uri), 15_000);
    t.match(arrived.filtered, [{ keywordMatches: ['valg'] }], 'a remote post is filtered the same');
  });

  await t.test('hide: left out of home, list, public, tag timelines and notifications; contexts respected; status filters', async (t) => {
    const hide = await anna.v2.filters.create({ title: 'Hide', context: ['home', 'public', 'notifications'], filterAction: 'hide', keywordsAttributes: [{ keyword: 'spam', wholeWord: false }] });
    const spam = await ben.v1.statuses.create({ status: '@anna SPAMMY offer #tilbud', visibility: 'public' });
    const ok = await ben.v1.statuses.create({ status: 'Nothing to hide #tilbud', visibility: 'public' });
    const list = await anna.v1.lists.create({ title: 'Ben' });
    await anna.v1.lists.$select(list.id).accounts.create({ accountIds: [benId] });
    const ids = (l: Json[]) => l.map((s) => s.id);
    t.notOk(ids(await anna.v1.timelines.home.list({ limit: 40 })).includes(spam.id), 'not in home');
    t.ok(ids(await anna.v1.timelines.home.list({ limit: 40 })).includes(ok.id));
    t.notOk(ids(await anna.v1.timelines.list.$select(list.id).list({ limit: 40 })).includes(spam.id), 'not in the list (home context)');
    t.notOk(ids(await anna.v1.timelines.public.list({ limit: 40 })).includes(spam.id), 'not in public');
    t.notOk(ids(await anna.v1.timelines.tag.$select('tilbud').list({ limit: 40 })).includes(spam.id), 'not in the tag timeline');
    t.ok(ids(await anna.v1.timelines.tag.$select('tilbud').list({ limit: 40 })).includes(ok.id));
    t.ok(ids(await anna.v1.accounts.$select(benId).statuses.list({ limit: 40 })).includes(spam.id), 'the account context is not in the filter');
    t.notOk((await anna.v1.notifications.list({ limit: 40 })).some((n) => n.status?.id === spam.id), 'the mention is left out of notifications');
    t.notOk((await anna.v2.notifications.list()).notificationGroups.some((g) => (g as Json).statusId === spam.id), 'and of grouped notifications');
    await anna.v2.filters.$select(hide.id).remove();
    t.ok(ids(await anna.v1.timelines.home.list({ limit: 40 })).includes(spam.id), 'deleting the filter brings it back');
    t.ok((await anna.v1.notifications.list({ limit: 40 })).some((n) => n.status?.id === spam.id));

    // A status filter: by id, status_matches, v1 view unaffected.
    const plain = await ben.v1.statuses.create({ status: 'An ordinary post', visibility: 'public' });
    const fs = await anna.v2.filters.$select(warn.id).statuses.create({ statusId: plain.id });
    t.match(fs, { id: /^\d+$/, statusId: plain.id });
    t.match((await anna.v1.timelines.home.list({ limit: 40 })).find((s) => s.id === plain.id)!.filtered, [{ statusMatches: [plain.id], keywordMatches: null }]);
    t.equal((await raw('POST', `/api/v2/filters/${warn.id}/statuses`, { status_id: plain.id })).status, 422, 'twice is refused');
    t.equal((await raw('POST', `/api/v2/filters/${warn.id}/statuses`, { status_id: '999999' })).status, 404, 'an unknown status');
    t.match(await anna.v2.filters.statuses.$select(fs.id).fetch(), { statusId: plain.id });
    await anna.v2.filters.statuses.$select(fs.id).remove();
    t.same((await anna.v1.timelines.home.list({ limit: 40 })).find((s) => s.id === plain.id)!.filtered, []);
  });

  await t.test('expires_in: an expired filter no longer applies', async (t) => {
    const brief = await anna.v2.filters.create({ title: 'Brief', context: ['home'], filterAction: 'hide', expiresIn: 1, keywordsAttributes: [{ keyword: 'fleeting', wholeWord: true }] });
    t.ok(brief.expiresAt && Date.parse(brief.expiresAt) > Date.now() - 1000);
    const post = await ben.v1.statuses.create({ status: 'A fleeting thought', visibility: 'public' });
    t.notOk((await anna.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === post.id), 'hidden while it lasts');
    await eventually('the filter expired', async () => (await anna.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === post.id), 5000, 200);
    t.pass('shown once expired');
  });

  await t.test('streaming: warn carries filtered, hide is not sent', async (t) => {
    const hide = await anna.v2.filters.create({ title: 'Stream hide', context: ['home'], filterAction: 'hide', keywordsAttributes: [{ keyword: 'secret', wholeWord: true }] });
    const ws = new WebSocket(`ws://127.0.0.1:${a.port}/api/v1/streaming?stream=user`, [tokens.anna!]);
    const updates: Json[] = [];
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(String(data)) as Json;
      if (m.event === 'update') updates.push(JSON.parse(m.payload));
    });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    t.teardown(() => ws.close());
    await new Promise((r) => setTimeout(r, 100));
    const hidden = await ben.v1.statuses.create({ status: 'A secret plan', visibility: 'public' });
    const warned = await ben.v1.statuses.create({ status: 'Valg på lørdag', visibility: 'public' });
    await eventually('the warned post streamed', () => updates.find((u) => u.id === warned.id), 5000);
    t.match(updates.find((u) => u.id === warned.id)!.filtered, [{ filter: { id: warn.id }, keyword_matches: ['valg'] }]);
    t.notOk(updates.some((u) => u.id === hidden.id), 'the hidden one was never sent (it was posted first)');
    await anna.v2.filters.$select(hide.id).remove();
  });
});
