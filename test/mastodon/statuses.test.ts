import t from 'tap';
import { storeCollections } from '../../src/domain/actors/store-collections.js';
import { newId } from '../../src/ids.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { notify } from '../../src/domain/notifications/notify.js';
import { setDomainPolicy } from '../../src/domain/policy/domains.js';
import { loginWithCode, makeLoggedApp, PASSWORD, registerClient } from './helpers.js';

type Json = Record<string, any>;

/** Statuses, timelines, reactions and notifications through the client API (inject, real SQLite). */
t.test('statuses, timelines, reactions, notifications', async (t) => {
  const { app, deps, logs } = await makeLoggedApp(t);
  await createAccount(deps, { username: 'ben', password: PASSWORD, displayName: 'Ben' });
  const client = await registerClient(app);
  const annaToken = (await loginWithCode(app, client, 'read write follow')).access_token;
  const benToken = (await loginWithCode(app, client, 'read write follow', { username: 'ben' })).access_token;
  const readOnly = (await loginWithCode(app, client, 'read', { username: 'ben' })).access_token;
  const call = async (token: string, method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload?: Json, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body ? r.json() : undefined, headers: r.headers };
  };
  const anna = (await call(annaToken, 'GET', '/api/v1/accounts/verify_credentials')).body;
  const ben = (await call(benToken, 'GET', '/api/v1/accounts/verify_credentials')).body;

  let first: Json;
  await t.test('create: Mastodon shape, HTML with mention and hashtag, spoiler, language, visibility', async (t) => {
    const r = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'Hello @ben, see #Jobs at https://example.org/x', spoiler_text: 'cw', language: 'da', visibility: 'public' });
    t.equal(r.status, 200, JSON.stringify(r.body));
    first = r.body;
    t.match(first, {
      id: /^\d+$/, visibility: 'public', spoiler_text: 'cw', sensitive: true, language: 'da', in_reply_to_id: null, reblog: null,
      account: { id: anna.id, acct: 'anna' }, mentions: [{ id: ben.id, acct: 'ben', username: 'ben' }], tags: [{ name: 'jobs', url: 'http://test.localhost/tags/jobs' }],
      favourited: false, reblogged: false, bookmarked: false, replies_count: 0, reblogs_count: 0, favourites_count: 0, media_attachments: [], card: null, poll: null,
      uri: `http://test.localhost/users/anna/statuses/${first.id}`,
    });
    t.equal(new Date(first.created_at).toISOString(), first.created_at);
    t.match(first.content, /class="u-url mention">@<span>ben<\/span>/);
    t.match(first.content, /<a href="http:\/\/test\.localhost\/tags\/jobs" class="mention hashtag" rel="tag">#<span>Jobs<\/span><\/a>/);
    t.match(first.content, /<a href="https:\/\/example\.org\/x"/);
    // The Create is queued for the followers (the fan-out job exists even without followers).
    const object = await deps.store.objects.getById(first.id);
    t.match(object?.data, { type: 'Note', summary: 'cw', tag: [{ type: 'Mention', href: 'http://test.localhost/users/ben' }, { type: 'Hashtag', name: '#Jobs' }] });
  });

  await t.test('idempotency key: the same request twice makes one status', async (t) => {
    const a = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'once' }, { 'idempotency-key': 'k-1' });
    const b = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'once' }, { 'idempotency-key': 'k-1' });
    t.equal(a.body.id, b.body.id);
    const c = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'once' }, { 'idempotency-key': 'k-2' });
    t.not(c.body.id, a.body.id);
  });

  await t.test('bad input and unknown ids answer as Mastodon', async (t) => {
    t.match(await call(annaToken, 'POST', '/api/v1/statuses', { status: '   ' }), { status: 422, body: { error: "Validation failed: Text can't be blank" } });
    t.match(await call(annaToken, 'POST', '/api/v1/statuses', { status: 'x'.repeat(5001) }), { status: 422, body: { error: /character limit of 5000/ } });
    t.match(await call(annaToken, 'POST', '/api/v1/statuses', { status: 'x', visibility: 'nope' }), { status: 422 });
    t.match(await call(annaToken, 'POST', '/api/v1/statuses', { status: 'x', in_reply_to_id: '123' }), { status: 404, body: { error: 'Record not found' } });
    t.match(await call(annaToken, 'GET', '/api/v1/statuses/999999'), { status: 404, body: { error: 'Record not found' } });
    t.match(await call(annaToken, 'GET', '/api/v1/statuses/abc'), { status: 404, body: { error: 'Record not found' } });
    t.match(await call(annaToken, 'POST', '/api/v1/statuses', { status: 'odd language', language: '<script>' }), { status: 200, body: { language: 'en' } });
    t.match(await call(readOnly, 'POST', '/api/v1/statuses', { status: 'x' }), { status: 403, body: { error: 'This action is outside the authorized scopes' } });
    t.match(await call(benToken, 'DELETE', `/api/v1/statuses/${first.id}`), { status: 404 }, "another's status cannot be deleted");
  });

  await t.test('a reply notifies the author; context shows the thread both ways', async (t) => {
    const reply = await call(benToken, 'POST', '/api/v1/statuses', { status: 'Thanks!', in_reply_to_id: first.id });
    t.equal(reply.status, 200);
    t.match(reply.body, { in_reply_to_id: first.id, in_reply_to_account_id: anna.id, mentions: [{ acct: 'anna' }] });
    const ctx = await call(annaToken, 'GET', `/api/v1/statuses/${first.id}/context`);
    t.same(ctx.body.descendants.map((s: Json) => s.id), [reply.body.id]);
    t.same(ctx.body.ancestors, []);
    const up = await call(annaToken, 'GET', `/api/v1/statuses/${reply.body.id}/context`);
    t.same(up.body.ancestors.map((s: Json) => s.id), [first.id]);
    t.equal((await call(annaToken, 'GET', `/api/v1/statuses/${first.id}`)).body.replies_count, 1);
    const notes = await call(annaToken, 'GET', '/api/v1/notifications?types[]=mention');
    t.match(notes.body, [{ type: 'mention', account: { id: ben.id }, status: { id: reply.body.id } }]);
  });

  await t.test('favourite, reblog, bookmark: counts, viewer flags, notifications, undo', async (t) => {
    const fav = await call(benToken, 'POST', `/api/v1/statuses/${first.id}/favourite`);
    t.match(fav.body, { id: first.id, favourited: true, favourites_count: 1 });
    t.match((await call(benToken, 'POST', `/api/v1/statuses/${first.id}/favourite`)).body, { favourites_count: 1 }, 'twice is once');
    t.match((await call(annaToken, 'GET', `/api/v1/statuses/${first.id}`)).body, { favourited: false, favourites_count: 1 });
    const favs = await call(benToken, 'GET', '/api/v1/favourites');
    t.same(favs.body.map((s: Json) => s.id), [first.id]);
    const boost = await call(benToken, 'POST', `/api/v1/statuses/${first.id}/reblog`);
    t.equal(boost.status, 200);
    t.match(boost.body, { account: { id: ben.id }, reblog: { id: first.id, reblogged: true, reblogs_count: 1 }, content: '' });
    t.not(boost.body.id, first.id);
    t.match((await call(benToken, 'GET', `/api/v1/statuses/${boost.body.id}`)).body, { id: boost.body.id, reblog: { id: first.id } });
    t.same((await call(annaToken, 'GET', `/api/v1/statuses/${first.id}/favourited_by`)).body.map((a: Json) => a.id), [ben.id]);
    t.same((await call(annaToken, 'GET', `/api/v1/statuses/${first.id}/reblogged_by`)).body.map((a: Json) => a.id), [ben.id]);
    const benHome = await call(benToken, 'GET', '/api/v1/timelines/home');
    t.ok(benHome.body.some((s: Json) => s.id === boost.body.id && s.reblog?.id === first.id), "the boost is in the booster's home");
    // (This app serves empty collections; the server wires the store's, read here directly.)
    const benActor = (await deps.store.actors.getByUsername('ben', null))!;
    const outbox = await storeCollections(deps.store).page(benActor, 'outbox', undefined, 20);
    t.match(outbox.items, [{ type: 'Announce', object: first.uri, actor: benActor.uri }], "the boost is in the booster's outbox, as Mastodon lists it");
    const types = (await call(annaToken, 'GET', '/api/v1/notifications')).body.map((n: Json) => n.type);
    t.ok(types.includes('favourite') && types.includes('reblog'), types.join());
    t.match((await call(benToken, 'POST', `/api/v1/statuses/${first.id}/unfavourite`)).body, { favourited: false, favourites_count: 0 });
    t.match((await call(benToken, 'POST', `/api/v1/statuses/${first.id}/unreblog`)).body, { reblogged: false, reblogs_count: 0 });
    const after = (await call(annaToken, 'GET', '/api/v1/notifications')).body.map((n: Json) => n.type);
    t.notOk(after.includes('favourite') || after.includes('reblog'), 'undone reactions take their notifications along');
    t.match((await call(benToken, 'POST', `/api/v1/statuses/${first.id}/bookmark`)).body, { bookmarked: true });
    t.same((await call(benToken, 'GET', '/api/v1/bookmarks')).body.map((s: Json) => s.id), [first.id]);
    t.match((await call(benToken, 'POST', `/api/v1/statuses/${first.id}/unbookmark`)).body, { bookmarked: false });
    t.same((await call(benToken, 'GET', '/api/v1/bookmarks')).body, []);
  });

  await t.test('visibility: private for followers only, direct for the mentioned; neither on public timelines', async (t) => {
    const priv = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'followers only', visibility: 'private' });
    t.match(await call(benToken, 'GET', `/api/v1/statuses/${priv.body.id}`), { status: 404 });
    const dm = await call(annaToken, 'POST', '/api/v1/statuses', { status: '@ben secret', visibility: 'direct' });
    t.match(await call(benToken, 'GET', `/api/v1/statuses/${dm.body.id}`), { status: 200, body: { visibility: 'direct' } });
    const pub = (await app.inject({ method: 'GET', url: '/api/v1/timelines/public?local=true&limit=40' })).json() as Json[];
    t.notOk(pub.some((s) => s.id === priv.body.id || s.id === dm.body.id));
    t.match(await call(benToken, 'POST', `/api/v1/statuses/${priv.body.id}/reblog`), { status: 404 });
    // Following anna opens her private posts to ben (and tells anna).
    t.match(await call(benToken, 'POST', `/api/v1/accounts/${anna.id}/follow`), { status: 200, body: { following: true } });
    t.match(await call(benToken, 'GET', `/api/v1/statuses/${priv.body.id}`), { status: 200 });
    const home = (await call(benToken, 'GET', '/api/v1/timelines/home?limit=40')).body as Json[];
    t.ok(home.some((s) => s.id === priv.body.id), "a followed account's private post is in home");
    t.ok(home.some((s) => s.id === first.id));
    t.match((await call(annaToken, 'GET', '/api/v1/notifications?types[]=follow')).body, [{ type: 'follow', account: { id: ben.id } }]);
  });

  await t.test('conversations: direct posts grouped by thread, with the other participants', async (t) => {
    const opening = (await call(annaToken, 'POST', '/api/v1/statuses', { status: '@ben just us', visibility: 'direct' })).body;
    const answer = (await call(benToken, 'POST', '/api/v1/statuses', { status: '@anna indeed', visibility: 'direct', in_reply_to_id: opening.id })).body;
    const mine = (await call(annaToken, 'GET', '/api/v1/conversations')).body as Json[];
    t.match(mine[0], { id: opening.id, unread: false, accounts: [{ id: ben.id }], last_status: { id: answer.id, visibility: 'direct' } });
    t.notOk(mine.slice(1).some((c) => c.id === opening.id), 'one conversation per thread');
    const his = (await call(benToken, 'GET', '/api/v1/conversations')).body as Json[];
    t.match(his[0], { id: opening.id, accounts: [{ id: anna.id }], last_status: { id: answer.id } });
    t.match((await call(annaToken, 'POST', `/api/v1/conversations/${opening.id}/read`)).body, { id: opening.id, unread: false });
    t.match(await call(annaToken, 'POST', '/api/v1/conversations/1/read'), { status: 404 });
    t.match(await call(readOnly, 'GET', '/api/v1/conversations'), { status: 200 });
  });

  await t.test('an Article (a solution) renders as Mastodon shows converted objects, with a card, and is in the timelines', async (t) => {
    const actor = (await deps.store.actors.getById(anna.id))!;
    const id = newId();
    const url = 'http://test.localhost/solutions/abc';
    await deps.store.objects.put({
      id, uri: `${actor.uri}/solutions/abc`, type: 'Article', actorId: actor.id, local: true, url, inReplyToUri: null, visibility: 'public', language: 'da',
      publishedAt: new Date().toISOString(), updatedAt: null, deletedAt: null,
      data: { type: 'Article', id: `${actor.uri}/solutions/abc`, name: 'Job coaching <fast>', summary: 'Cut time to job from 12 to 9 weeks.', content: '<p>Long body</p>', url, tag: [{ type: 'Hashtag', name: '#Jobs', href: 'http://test.localhost/tags/jobs' }] },
    });
    const s = (await call(annaToken, 'GET', `/api/v1/statuses/${id}`)).body;
    t.match(s, { spoiler_text: '', sensitive: false, card: { url, title: 'Job coaching <fast>', description: 'Cut time to job from 12 to 9 weeks.', type: 'link' }, tags: [{ name: 'jobs' }] });
    t.equal(s.content, `<h2>Job coaching &lt;fast&gt;</h2><p>Cut time to job from 12 to 9 weeks.</p><p><a href="${url}" target="_blank" rel="nofollow noopener" translate="no">${url}</a></p>`);
    t.same((await app.inject({ method: 'GET', url: '/api/v1/tags/Jobs' })).json(), { name: 'jobs', url: 'http://test.localhost/tags/jobs', history: [], following: false });
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/tags/nosuchtag' })).statusCode, 404);
    const search = (await call(annaToken, 'GET', '/api/v2/search?q=%23jo&type=hashtags')).body;
    t.same(search.hashtags.map((h: Json) => h.name), ['jobs']);
    const tag = (await app.inject({ method: 'GET', url: '/api/v1/timelines/tag/JOBS' })).json() as Json[];
    t.same(tag.map((x) => x.id), [id, first.id], 'tag timeline, any case, newest first');
    t.equal(((await call(benToken, 'GET', '/api/v1/timelines/home')).body as Json[])[0]?.id, id, "in a follower's home");
    t.equal(((await app.inject({ method: 'GET', url: '/api/v1/timelines/public' })).json() as Json[])[0]?.id, id);
  });

  await t.test('a silenced domain stays out of the public and tag timelines, not out of home', async (t) => {
    const rita = await deps.store.actors.put({
      id: newId(), uri: 'https://quiet.example/users/rita', username: 'rita', domain: 'quiet.example', type: 'Person', displayName: 'Rita', summary: '',
      url: null, inbox: 'https://quiet.example/users/rita/inbox', sharedInbox: null, outbox: null, followersUri: null, followingUri: null, featuredUri: null,
      publicKeyId: 'https://quiet.example/users/rita#main-key', publicKeyPem: 'PEM', privateKeyPem: null, manuallyApprovesFollowers: false, discoverable: true,
      indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw: null, fetchedAt: null, suspendedAt: null,
    });
    const id = newId();
    await deps.store.objects.put({
      id, uri: 'https://quiet.example/notes/1', type: 'Note', actorId: rita.id, local: false, url: null, inReplyToUri: null, visibility: 'public', language: 'en',
      publishedAt: new Date().toISOString(), updatedAt: null, deletedAt: null, data: { type: 'Note', content: '<p>loud</p>', tag: [{ type: 'Hashtag', name: '#quiet' }] },
    });
    const pub = async (q: string) => ((await app.inject({ method: 'GET', url: `/api/v1/timelines/${q}` })).json() as Json[]).map((s) => s.id);
    t.ok((await pub('public?remote=true')).includes(id));
    t.same(await pub('tag/quiet'), [id]);
    await setDomainPolicy(deps, { domain: 'quiet.example', action: 'silence', by: 'test' });
    t.notOk((await pub('public?remote=true')).includes(id));
    t.notOk((await pub('public')).includes(id));
    t.same(await pub('tag/quiet'), []);
  });

  await t.test('paging: max_id, since_id, min_id, limit and Link as Mastodon', async (t) => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await call(annaToken, 'POST', '/api/v1/statuses', { status: `page ${i}` })).body.id);
    const newest = [...made].reverse();
    const p1 = await call(annaToken, 'GET', '/api/v1/timelines/home?limit=2');
    t.same(p1.body.map((s: Json) => s.id), newest.slice(0, 2));
    const link = String(p1.headers.link);
    t.match(link, new RegExp(`<http://test\\.localhost/api/v1/timelines/home\\?limit=2&max_id=${newest[1]}>; rel="next"`));
    t.match(link, new RegExp(`<http://test\\.localhost/api/v1/timelines/home\\?limit=2&min_id=${newest[0]}>; rel="prev"`));
    const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
    const p2 = await call(annaToken, 'GET', `${next.pathname}${next.search}`);
    t.same(p2.body.map((s: Json) => s.id), newest.slice(2, 4));
    const minPage = await call(annaToken, 'GET', `/api/v1/timelines/home?limit=2&min_id=${made[0]}`);
    t.same(minPage.body.map((s: Json) => s.id), [made[2], made[1]], 'min_id: the entries right after it, newest first');
    const sincePage = await call(annaToken, 'GET', `/api/v1/timelines/home?limit=2&since_id=${made[0]}`);
    t.same(sincePage.body.map((s: Json) => s.id), [made[4], made[3]], 'since_id: the newest ones after it');
    const between = await call(annaToken, 'GET', `/api/v1/timelines/home?max_id=${made[4]}&since_id=${made[1]}`);
    t.same(between.body.map((s: Json) => s.id), [made[3], made[2]]);
    const empty = await call(annaToken, 'GET', `/api/v1/timelines/home?min_id=${made[4]}`);
    t.same(empty.body, []);
    t.notOk(empty.headers.link, 'no Link on an empty page');
    const acct = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${anna.id}/statuses?limit=3` })).json() as Json[];
    t.same(acct.map((s) => s.id), newest.slice(0, 3));
  });

  await t.test('notify=true on a follow: a status notification for each new post (not replies); unfollowing ends it', async (t) => {
    t.match(await call(benToken, 'POST', `/api/v1/accounts/${anna.id}/follow`, { notify: true }), { status: 200, body: { following: true, notifying: true } });
    const post = await call(annaToken, 'POST', '/api/v1/statuses', { status: 'subscribers hear of this' });
    await call(annaToken, 'POST', '/api/v1/statuses', { status: 'a reply', in_reply_to_id: post.body.id });
    const statusNotes = (await call(benToken, 'GET', '/api/v1/notifications?types[]=status')).body as Json[];
    t.same(statusNotes.map((n) => n.status.id), [post.body.id]);
    t.match(statusNotes[0], { type: 'status', account: { id: anna.id } });
    await call(benToken, 'POST', `/api/v1/accounts/${anna.id}/unfollow`);
    t.match(await call(benToken, 'POST', `/api/v1/accounts/${anna.id}/follow`), { body: { following: true, notifying: false } });
  });

  await t.test("an adoption (solutions call notify with type 'adoption') reaches apps as a mention of the adoption's status", async (t) => {
    const adoption = await call(benToken, 'POST', '/api/v1/statuses', { status: 'We are adopting this: http://test.localhost/solutions/abc' });
    await deps.store.transaction((tx) => notify(deps, tx, { type: 'adoption', accountId: anna.id, fromActorId: ben.id, statusId: adoption.body.id }));
    const mentions = (await call(annaToken, 'GET', '/api/v1/notifications?types[]=mention')).body as Json[];
    t.match(mentions[0], { type: 'mention', account: { id: ben.id }, status: { id: adoption.body.id, content: /adopting/ } });
    const stored = await deps.store.notifications.list(anna.id, { types: ['adoption'] }, { limit: 5 });
    t.equal(stored.length, 1, 'stored as adoption, shown as mention');
    await deps.store.transaction((tx) => notify(deps, tx, { type: 'adoption', accountId: anna.id, fromActorId: anna.id, statusId: adoption.body.id }));
    t.equal((await deps.store.notifications.list(anna.id, { types: ['adoption'] }, { limit: 5 })).length, 1, 'nobody is notified of their own doing');
  });

  await t.test('notifications: paging, filters, single, dismiss, clear, unknown -> 404', async (t) => {
    const all = (await call(annaToken, 'GET', '/api/v1/notifications?limit=1'));
    t.equal(all.body.length, 1);
    t.match(String(all.headers.link), /rel="next"/);
    const excl = (await call(annaToken, 'GET', '/api/v1/notifications?exclude_types[]=mention')).body as Json[];
    t.ok(excl.every((n) => n.type !== 'mention') && excl.length > 0);
    const one = all.body[0];
    t.match((await call(annaToken, 'GET', `/api/v1/notifications/${one.id}`)).body, { id: one.id });
    t.match(await call(benToken, 'GET', `/api/v1/notifications/${one.id}`), { status: 404, body: { error: 'Record not found' } });
    t.same((await call(annaToken, 'POST', `/api/v1/notifications/${one.id}/dismiss`)).body, {});
    t.match(await call(annaToken, 'GET', `/api/v1/notifications/${one.id}`), { status: 404 });
    t.same((await call(annaToken, 'POST', '/api/v1/notifications/clear')).body, {});
    t.same((await call(annaToken, 'GET', '/api/v1/notifications')).body, []);
  });

  await t.test('edit: new text, tags and mentions re-read, edited_at, history, source; only the author', async (t) => {
    const draft = (await call(annaToken, 'POST', '/api/v1/statuses', { status: 'draft #one', visibility: 'unlisted' })).body;
    t.match(await call(benToken, 'PUT', `/api/v1/statuses/${draft.id}`, { status: 'hijack' }), { status: 404 });
    t.match(await call(annaToken, 'PUT', `/api/v1/statuses/${draft.id}`, { status: ' ' }), { status: 422 });
    const edited = await call(annaToken, 'PUT', `/api/v1/statuses/${draft.id}`, { status: 'final #two @ben', spoiler_text: 'cw2' });
    t.equal(edited.status, 200);
    t.match(edited.body, { id: draft.id, visibility: 'unlisted', spoiler_text: 'cw2', sensitive: true, tags: [{ name: 'two' }], mentions: [{ id: ben.id }], content: /final/ });
    t.ok(edited.body.edited_at, 'edited_at is set');
    t.same((await app.inject({ method: 'GET', url: '/api/v1/timelines/tag/one' })).json(), [], 'the old hashtag is gone');
    const history = (await call(annaToken, 'GET', `/api/v1/statuses/${draft.id}/history`)).body as Json[];
    t.same(history.map((v) => v.spoiler_text), ['', 'cw2']);
    t.match(history, [{ content: /draft/, account: { id: anna.id } }, { content: /final/ }]);
    t.same((await call(annaToken, 'GET', `/api/v1/statuses/${draft.id}/source`)).body, { id: draft.id, text: 'final #two @ben', spoiler_text: 'cw2' });
    t.match(await call(benToken, 'GET', `/api/v1/statuses/${draft.id}/source`), { status: 404 });
    const jobs = await deps.store.jobs.list({ type: 'fanout', limit: 1000 });
    t.ok(jobs.some((j) => String(j.key).startsWith(`fanout:http://test.localhost/users/anna/statuses/${draft.id}#updates/`)), 'an Update is queued for the followers');
    t.match((await call(benToken, 'GET', '/api/v1/notifications?types[]=mention')).body[0], { status: { id: draft.id } }, 'a mention added by an edit notifies');
    t.match((await call(annaToken, 'DELETE', `/api/v1/statuses/${draft.id}`)).body, { text: 'final #two @ben' });
  });

  await t.test('delete: the status with its text, then 404; gone from timelines', async (t) => {
    const r = await call(annaToken, 'DELETE', `/api/v1/statuses/${first.id}`);
    t.equal(r.status, 200);
    t.match(r.body, { id: first.id, text: /^Hello @ben, see #Jobs/ });
    t.match(await call(annaToken, 'GET', `/api/v1/statuses/${first.id}`), { status: 404 });
    const home = (await call(annaToken, 'GET', '/api/v1/timelines/home?limit=40')).body as Json[];
    t.notOk(home.some((s) => s.id === first.id));
    const del = await deps.store.activities.getByUri(`http://test.localhost/users/anna/statuses/${first.id}#delete`);
    t.ok(del, 'a Delete is recorded (and fanned out to followers)');
  });

  await t.test('no token reaches the logs, not even one given in a streaming URL', async (t) => {
    await app.inject({ method: 'GET', url: `/api/v1/streaming?stream=user&access_token=${annaToken}` });
    const text = logs.join('');
    t.match(text, /access_token=\[redacted\]/);
    for (const secret of [annaToken, benToken, readOnly, client.client_secret]) t.notOk(text.includes(secret), 'a secret was logged');
  });
});
