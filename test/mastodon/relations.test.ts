import t from 'tap';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { createRestAPIClient, MastoHttpError } from 'masto';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { findActor } from '../../src/domain/follows/follows.js';
import { exportAccount } from '../../src/domain/privacy/export.js';
import { eraseAccount } from '../../src/domain/privacy/erase.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { PASSWORD } from './helpers.js';

type Json = Record<string, any>;

/** The error masto raised (status and Mastodon's `error` text), or undefined when it did not. */
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof MastoHttpError ? { status: e.statusCode, error: e.message } : e));

/**
 * Pins, account notes, mutes, blocks and domain blocks through the real `masto` client against two
 * real instances on 127.0.0.1: each endpoint, Mastodon's error shapes, where the rules apply (home,
 * public, account statuses, search, notifications, streaming, single status) and the federated
 * Block / Undo Block both ways, and Add/Remove of pinned posts to followers.
 */
t.test('pins, notes, mutes, blocks and domain blocks with masto on two instances', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  const base = `http://${a.domain}`;
  for (const username of ['anna', 'ben', 'cara']) await createAccount(a.it.deps, { username, password: PASSWORD, displayName: username });
  await createAccount(b.it.deps, { username: 'bob', password: PASSWORD, displayName: 'Bob at B' });
  const client = async (deps: typeof a.it.deps, url: string, username: string, scopes = ['read', 'write', 'follow']) =>
    createRestAPIClient({ url, accessToken: (await createPersonalToken(deps, username, scopes)).token });
  const anna = await client(a.it.deps, base, 'anna');
  const ben = await client(a.it.deps, base, 'ben');
  const cara = await client(a.it.deps, base, 'cara');
  const bob = await client(b.it.deps, `http://${b.domain}`, 'bob');
  const annaId = (await anna.v1.accounts.verifyCredentials()).id;
  const benId = (await ben.v1.accounts.verifyCredentials()).id;
  const caraId = (await cara.v1.accounts.verifyCredentials()).id;
  const bobOnA = await findActor(a.it.fed, `bob@${b.domain}`);
  const annaOnB = await findActor(b.it.fed, `anna@${a.domain}`);
  const benOnB = await findActor(b.it.fed, `ben@${a.domain}`);

  await t.test('pin and unpin: limit of five, others\' and direct posts refused, pinned=true, featured, Add/Remove to followers', async (t) => {
    // bob follows anna, so the Add reaches b.
    await bob.v1.accounts.$select(annaOnB.id).follow();
    await eventually('bob follows anna', async () => (await bob.v1.accounts.relationships.fetch({ id: [annaOnB.id] }))[0]?.following);
    const posts: Array<{ id: string; uri: string; pinned?: boolean | null }> = [];
    for (let i = 0; i < 6; i++) posts.push(await anna.v1.statuses.create({ status: `Post ${i}`, visibility: i === 5 ? 'private' : 'public' }));
    t.equal(posts[0]!.pinned, false, 'own posts carry pinned');
    for (const p of posts.slice(0, 5)) t.equal((await anna.v1.statuses.$select(p.id).pin()).pinned, true);
    t.equal((await anna.v1.statuses.$select(posts[0]!.id).pin()).pinned, true, 'pinning again keeps it pinned');
    t.same(await failure(anna.v1.statuses.$select(posts[5]!.id).pin()), { status: 422, error: 'Validation failed: You have already pinned the maximum number of posts' });
    const direct = await anna.v1.statuses.create({ status: `@ben hi`, visibility: 'direct' });
    t.same(await failure(anna.v1.statuses.$select(direct.id).pin()), { status: 422, error: 'Validation failed: Posts that are only visible to mentioned users cannot be pinned' });
    t.same(await failure(ben.v1.statuses.$select(posts[0]!.id).pin()), { status: 422, error: "Validation failed: Someone else's post cannot be pinned" });
    t.same(await failure(anna.v1.statuses.$select('999999').pin()), { status: 404, error: 'Record not found' });
    const readOnly = await client(a.it.deps, base, 'anna', ['read']);
    t.same(await failure(readOnly.v1.statuses.$select(posts[1]!.id).unpin()), { status: 403, error: 'This action is outside the authorized scopes' });

    const pinnedForBen = await ben.v1.accounts.$select(annaId).statuses.list({ pinned: true });
    t.same(pinnedForBen.map((s) => s.id), posts.slice(0, 5).map((p) => p.id).reverse(), 'newest first');
    t.equal(pinnedForBen[0]!.pinned, undefined, 'pinned is shown on the viewer\'s own posts only');
    t.ok((await anna.v1.timelines.home.list({ limit: 40 })).filter((s) => s.pinned).length === 5, 'home shows own pins');

    const featured = await (await fetch(`${base}/users/anna/collections/featured?page=true`, { headers: { accept: 'application/activity+json' } })).json() as Json;
    t.same((featured.orderedItems as Json[]).map((o) => o.id).sort(), posts.slice(0, 5).map((p) => p.uri).sort());
    await eventually('b received Add of the pinned post', async () =>
      b.it.deps.store.activities.find({ actorId: annaOnB.id, type: 'Add', objectUri: posts[0]!.uri }));
    const pinnedAtB = async () => (await bob.v1.accounts.$select(annaOnB.id).statuses.list({ pinned: true })).map((s) => s.uri);
    await eventually('b shows anna\'s public pins on her profile', async () => (await pinnedAtB()).length === 5);
    t.same((await pinnedAtB()).sort(), posts.slice(0, 5).map((p) => p.uri).sort());

    t.equal((await anna.v1.statuses.$select(posts[0]!.id).unpin()).pinned, false);
    t.equal((await anna.v1.statuses.$select(posts[5]!.id).pin()).pinned, true, 'a private post may be pinned once a place is free');
    const afterUnpin = await (await fetch(`${base}/users/anna/collections/featured?page=true`, { headers: { accept: 'application/activity+json' } })).json() as Json;
    t.notOk((afterUnpin.orderedItems as Json[]).some((o) => o.id === posts[0]!.uri || o.id === posts[5]!.uri), 'unpinned and private posts are not featured');
    await eventually('b received Remove of the unpinned post', async () => !(await pinnedAtB()).includes(posts[0]!.uri));
  });

  await t.test('account notes', async (t) => {
    t.match(await ben.v1.accounts.$select(annaId).note.create({ comment: 'Kender fra Aarhus 🦊' }), { id: annaId, note: 'Kender fra Aarhus 🦊' });
    t.equal((await ben.v1.accounts.relationships.fetch({ id: [annaId] }))[0]!.note, 'Kender fra Aarhus 🦊');
    t.equal((await anna.v1.accounts.relationships.fetch({ id: [benId] }))[0]!.note, '', 'a note is private to its writer');
    t.same(await failure(ben.v1.accounts.$select(annaId).note.create({ comment: 'x'.repeat(2001) })), { status: 422, error: 'Validation failed: Comment is too long (maximum is 2000 characters)' });
    t.equal((await ben.v1.accounts.$select(annaId).note.create({ comment: '' })).note, '');
    t.same(await failure(ben.v1.accounts.$select('424242').note.create({ comment: 'x' })), { status: 404, error: 'Record not found' });
  });

  await t.test('mutes: home, public, notifications, the list, Link bounds kept, expiry, unmute', async (t) => {
    await ben.v1.accounts.$select(caraId).follow();
    const post = await cara.v1.statuses.create({ status: 'Cara says hi', visibility: 'public' });
    t.ok((await ben.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === post.id), 'before: in home');
    t.match(await ben.v1.accounts.$select(caraId).mute(), { muting: true, muting_notifications: undefined, mutingNotifications: true });
    t.notOk((await ben.v1.timelines.home.list({ limit: 40 })).some((s) => s.account.id === caraId), 'muted: not in home');
    t.notOk((await ben.v1.timelines.public.list({ limit: 40 })).some((s) => s.account.id === caraId), 'muted: not in public for ben');
    t.ok((await createRestAPIClient({ url: base }).v1.timelines.public.list({ limit: 40 })).some((s) => s.id === post.id), 'anonymous still see it');
    t.equal((await ben.v1.accounts.$select(caraId).statuses.list()).length > 0, true, 'the profile still shows their posts (Mastodon)');

    // The newest home entry is cara's, muted: the page is empty but its Link bounds are the raw page's.
    const latest = await cara.v1.statuses.create({ status: 'Newest from cara' });
    const res = await fetch(`${base}/api/v1/timelines/home?limit=1`, { headers: { authorization: `Bearer ${(await createPersonalToken(a.it.deps, 'ben', ['read'])).token}` } });
    t.same(await res.json(), []);
    t.match(res.headers.get('link'), new RegExp(`max_id=${latest.id}>; rel="next"`), 'next from the dropped entry');

    await cara.v1.statuses.create({ status: '@ben are you there?' });
    const mutes = await ben.v1.mutes.list();
    t.same(mutes.map((m) => m.id), [caraId]);
    t.equal((mutes[0] as unknown as Json).muteExpiresAt, null);
    t.notOk((await ben.v1.notifications.list()).some((n) => n.account.id === caraId), 'muted notifications dropped');

    // notifications=false keeps their notifications; a duration sets the expiry.
    t.match(await ben.v1.accounts.$select(caraId).mute({ notifications: false, duration: 3600 }), { muting: true, mutingNotifications: false });
    const expires = (await ben.v1.mutes.list())[0] as unknown as Json;
    t.ok(Date.parse(expires.muteExpiresAt) > Date.now() + 3000 * 1000, 'mute_expires_at about an hour ahead');
    const mention = await cara.v1.statuses.create({ status: '@ben second try' });
    await eventually('the mention is notified', async () => (await ben.v1.notifications.list()).some((n) => n.status?.id === mention.id));
    t.same(await failure(ben.v1.accounts.$select(caraId).mute({ duration: -5 } as never)), { status: 422, error: 'Validation failed: Duration is invalid' });

    // Bodies as Mastodon takes them: none at all, a form, and a wrong type refused (never coerced).
    const raw = (await createPersonalToken(a.it.deps, 'ben', ['write', 'follow'])).token;
    const postRaw = (path: string, init: RequestInit = {}) => fetch(`${base}/api/v1/${path}`, { method: 'POST', ...init, headers: { authorization: `Bearer ${raw}`, ...(init.headers ?? {}) } });
    t.equal((await postRaw(`accounts/${caraId}/mute`)).status, 200, 'no body');
    const form = await postRaw(`accounts/${caraId}/mute`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'notifications=false&duration=0' });
    t.match(await form.json(), { muting: true, muting_notifications: false });
    const wrong = await postRaw(`accounts/${caraId}/note`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ comment: ['a'] }) });
    t.equal(wrong.status, 422);
    t.match(await wrong.json(), { error: /^Validation failed: / });
    t.match(await ben.v1.accounts.$select(caraId).unmute(), { muting: false });
    t.ok((await ben.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === latest.id), 'unmuted: back in home');
    t.same(await ben.v1.mutes.list(), []);
  });

  await t.test('local block: follows end both ways, hidden everywhere, blocked_by, follow refused, streaming', async (t) => {
    await anna.v1.accounts.$select(caraId).follow();
    await cara.v1.accounts.$select(annaId).follow();
    const tagged = await cara.v1.statuses.create({ status: 'Findable zebra #blokvej', visibility: 'public' });
    const annaPost = await anna.v1.statuses.create({ status: 'Anna public', visibility: 'public' });
    await anna.v1.statuses.$select(tagged.id).favourite();
    await cara.v1.statuses.$select(annaPost.id).favourite();

    const ws = new WebSocket(`ws://${a.domain}/api/v1/streaming?stream=public`, [(await createPersonalToken(a.it.deps, 'anna', ['read'])).token]);
    const got: Json[] = [];
    ws.on('message', (d: Buffer) => { if (got.length < 100) got.push(JSON.parse(String(d)) as Json); });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    t.teardown(() => ws.close());

    const rel = await anna.v1.accounts.$select(caraId).block();
    t.match(rel, { blocking: true, following: false, followedBy: false });
    t.match((await cara.v1.accounts.relationships.fetch({ id: [annaId] }))[0], { blockedBy: true, following: false, blocking: false });
    t.same((await anna.v1.blocks.list()).map((x) => x.id), [caraId]);
    t.notOk((await anna.v1.notifications.list()).some((n) => n.account.id === caraId), 'their notifications are gone');
    t.notOk((await anna.v1.timelines.public.list({ limit: 40 })).some((s) => s.account.id === caraId), 'public');
    t.same((await anna.v1.timelines.tag.$select('blokvej').list()).map((s) => s.id), [], 'tag');
    t.ok((await ben.v1.timelines.tag.$select('blokvej').list()).some((s) => s.id === tagged.id), 'others still see it');
    t.same((await anna.v2.search.list({ q: tagged.uri, type: 'statuses' })).statuses, [], 'search');
    t.equal((await ben.v2.search.list({ q: tagged.uri, type: 'statuses' })).statuses.length, 1, 'search finds it for others');

    // The blocked side: nothing of anna's, and no follow.
    t.same(await cara.v1.accounts.$select(annaId).statuses.list(), [], 'a blocker\'s profile shows no posts');
    t.same(await failure(cara.v1.statuses.$select(annaPost.id).fetch()), { status: 404, error: 'Record not found' });
    t.same(await failure(cara.v1.accounts.$select(annaId).follow()), { status: 403, error: 'This action is not allowed' });
    t.notOk((await cara.v1.timelines.public.list({ limit: 40 })).some((s) => s.account.id === annaId), 'blocked_by: public');

    await cara.v1.statuses.create({ status: 'cara streams', visibility: 'public' });
    const benPost = await ben.v1.statuses.create({ status: 'ben streams', visibility: 'public' });
    await eventually('ben\'s post reaches anna\'s public stream', async () => got.some((m) => m.event === 'update' && JSON.parse(m.payload).id === benPost.id));
    t.notOk(got.some((m) => m.event === 'update' && JSON.parse(m.payload).account.id === caraId), 'the blocked account never streams to her');

    t.match(await anna.v1.accounts.$select(caraId).unblock(), { blocking: false });
    t.same(await anna.v1.blocks.list(), []);
    t.equal((await cara.v1.accounts.$select(annaId).statuses.list()).length > 0, true);
    t.same(await failure(anna.v1.accounts.$select('31337').block()), { status: 404, error: 'Record not found' });
  });

  await t.test('federated block: Block and Undo Block to the remote inbox, follows end both ways; a remote Block stored as blocked_by', async (t) => {
    await anna.v1.accounts.$select(bobOnA.id).follow();
    await eventually('anna follows bob', async () => (await anna.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0]?.following);
    const bobPost = await bob.v1.statuses.create({ status: 'Bob writes from B', visibility: 'public' });
    const atA = await eventually('bob\'s post reaches anna', async () => (await anna.v1.timelines.home.list({ limit: 40 })).find((s) => s.uri === bobPost.uri));
    t.match((await anna.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0], { following: true, followedBy: true });

    t.match(await anna.v1.accounts.$select(bobOnA.id).block(), { blocking: true, following: false, followedBy: false });
    t.notOk((await anna.v1.timelines.home.list({ limit: 40 })).some((s) => s.uri === bobPost.uri), 'home');
    await eventually('b stored the Block: bob is blocked_by anna', async () => (await bob.v1.accounts.relationships.fetch({ id: [annaOnB.id] }))[0]?.blockedBy);
    await eventually('b ended both follows', async () => {
      const r = (await bob.v1.accounts.relationships.fetch({ id: [annaOnB.id] }))[0]!;
      return !r.following && !r.followedBy;
    });
    t.same(await failure(bob.v1.accounts.$select(annaOnB.id).follow()), { status: 403, error: 'This action is not allowed' });
    await anna.v1.accounts.$select(bobOnA.id).unblock();
    await eventually('b applied the Undo Block', async () => (await bob.v1.accounts.relationships.fetch({ id: [annaOnB.id] }))[0]?.blockedBy === false);

    // bob blocks ben: a stores it and hides bob's post from ben.
    t.ok((await ben.v1.statuses.$select(atA.id).fetch()).id, 'ben sees the post before');
    t.match(await bob.v1.accounts.$select(benOnB.id).block(), { blocking: true });
    await eventually('a stored bob\'s Block as blocked_by', async () => (await ben.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0]?.blockedBy);
    t.same(await failure(ben.v1.statuses.$select(atA.id).fetch()), { status: 404, error: 'Record not found' });
    t.same(await ben.v1.accounts.$select(bobOnA.id).statuses.list(), []);
    t.equal((await anna.v1.statuses.$select(atA.id).fetch()).id, atA.id, 'anna is not blocked');
    await bob.v1.accounts.$select(benOnB.id).unblock();
    await eventually('a applied bob\'s Undo Block', async () => (await ben.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0]?.blockedBy === false);
  });

  await t.test('domain blocks: list, relationship, hidden in public and notifications, refusals, removal', async (t) => {
    const host = b.domain;
    t.same(await failure(ben.v1.domainBlocks.create({ domain: '' })), { status: 422, error: "Validation failed: Domain can't be blank" });
    t.same(await failure(ben.v1.domainBlocks.create({ domain: 'not a domain' })), { status: 422, error: 'Validation failed: Domain is not a valid domain name' });
    const remotePost = (await createRestAPIClient({ url: base }).v1.timelines.public.list({ limit: 40 })).find((s) => s.account.id === bobOnA.id)!;
    t.ok(remotePost, 'a holds a public post of bob');
    t.ok((await ben.v1.timelines.public.list({ limit: 40 })).some((s) => s.id === remotePost.id), 'before: in public');
    await ben.v1.domainBlocks.create({ domain: host.toUpperCase() });
    t.same(await ben.v1.domainBlocks.list(), [host]);
    t.equal((await ben.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0]!.domainBlocking, true);
    t.notOk((await ben.v1.timelines.public.list({ limit: 40 })).some((s) => s.account.id === bobOnA.id), 'public');
    t.ok((await anna.v1.timelines.public.list({ limit: 40 })).some((s) => s.id === remotePost.id), 'others still see it');
    const mention = await bob.v1.statuses.create({ status: `@ben@${a.domain} hello from a blocked domain` });
    // anna is mentioned too in a second post, as the control that delivery works.
    const control = await bob.v1.statuses.create({ status: `@anna@${a.domain} control` });
    await eventually('anna got the control mention', async () => (await anna.v1.notifications.list()).some((n) => n.status?.uri === control.uri));
    t.notOk((await ben.v1.notifications.list()).some((n) => n.status?.uri === mention.uri), 'no notification from the blocked domain');
    await ben.v1.domainBlocks.remove({ domain: host });
    t.same(await ben.v1.domainBlocks.list(), []);
    t.equal((await ben.v1.accounts.relationships.fetch({ id: [bobOnA.id] }))[0]!.domainBlocking, false);
  });

  await t.test('account export lists them; erasure removes them both ways', async (t) => {
    await ben.v1.accounts.$select(caraId).note.create({ comment: 'Møde torsdag' });
    await ben.v1.accounts.$select(caraId).block();
    await ben.v1.accounts.$select(annaId).mute({ notifications: false });
    await ben.v1.domainBlocks.create({ domain: 'støj.example' });
    await cara.v1.accounts.$select(benId).mute();
    const doc = await exportAccount(a.it.deps, { username: 'ben', by: 'test' }) as Record<string, any>;
    const caraUri = `${base}/users/cara`;
    t.match(doc.blocks, [{ actor: caraUri }]);
    t.match(doc.mutes, [{ actor: `${base}/users/anna`, notifications: false, expiresAt: null }]);
    t.same(doc.domainBlocks.map((d: Json) => d.domain), ['xn--stj-1na.example']);
    t.match(doc.notes, [{ actor: caraUri, comment: 'Møde torsdag' }]);
    const annaDoc = await exportAccount(a.it.deps, { username: 'anna', by: 'test' }) as Record<string, any>;
    t.equal(annaDoc.pinned.length, 5, 'anna\'s pins');

    await eraseAccount(a.it.fed, { username: 'ben', by: 'test' });
    const store = a.it.deps.store;
    t.same(await store.relations.blockedIds(benId, 10), []);
    t.same(await store.relations.blockerIds(caraId, 10), []);
    t.equal(await store.relations.getMute(caraId, benId), undefined, 'others\' mutes of the erased account go too');
    t.same(await store.relations.listNotes(benId, 10), []);
    t.same(await store.relations.listDomainBlocks(benId, { limit: 10 }), []);
  });
});
