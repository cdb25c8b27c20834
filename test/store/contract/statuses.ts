import { newId } from '../../../src/ids.js';
import type { Actor, Store, StoredObject, Visibility } from '../../../src/store/port.js';
import { postSearchWords } from '../../../src/store/port/statuses.js';
import type { ContractSuite } from './types.js';
import { putActor } from './follows.js';

async function putPost(store: Store, actor: Actor, over: Partial<StoredObject> & { tags?: string[] } = {}): Promise<StoredObject> {
  const id = over.id ?? newId();
  const uri = `${actor.uri}/statuses/${id}`;
  const { tags, ...rest } = over;
  return store.objects.put({
    id, uri, type: 'Note', actorId: actor.id, local: actor.domain === null, url: uri, inReplyToUri: null, visibility: 'public' as Visibility,
    language: 'en', publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: null, deletedAt: null,
    data: { id: uri, type: over.type ?? 'Note', content: '<p>x</p>', tag: (tags ?? []).map((name) => ({ type: 'Hashtag', name, href: `https://x/tags/${name}` })) },
    ...rest,
  });
}

const suite: ContractSuite = (t, fresh) => {
  t.test('statuses: byActors merges posts and boosts of several actors newest first, with Mastodon paging', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const b = await putActor(store, 'b', 'b.example');
    const c = await putActor(store, 'c', null);
    const posts: StoredObject[] = [];
    for (let i = 0; i < 6; i++) posts.push(await putPost(store, i % 2 ? a : b));
    const other = await putPost(store, c);
    await putPost(store, a, { visibility: 'direct' });
    await putPost(store, a, { deletedAt: '2026-01-02T00:00:00.000Z' });
    await putPost(store, a, { type: 'Question' });
    const boost = { id: newId(), uri: 'https://local.example/users/a/statuses/9/activity', type: 'Announce', actorId: a.id, objectUri: other.uri, local: true, public: true, createdAt: '2026-01-01T00:00:00.000Z', data: null };
    await store.activities.put(boost);
    await store.activities.put({ ...boost, id: newId(), uri: 'https://local.example/b/2', objectUri: 'https://gone.example/x' });
    const opts = { visibilities: ['public', 'unlisted', 'private'] as Array<'public' | 'unlisted' | 'private'> };
    const all = await store.statuses.byActors([a.id, b.id], { limit: 20 }, opts);
    t.same(all.map((e) => e.id), [boost.id, ...posts.map((p) => p.id).reverse()], 'boost of an unknown post, direct, deleted and other types left out');
    t.equal(all[0]!.object.id, other.id);
    t.equal(all[0]!.reblog?.id, boost.id);
    const ids = all.map((e) => e.id);
    t.same((await store.statuses.byActors([a.id, b.id], { limit: 2, maxId: ids[1] }, opts)).map((e) => e.id), ids.slice(2, 4));
    t.same((await store.statuses.byActors([a.id, b.id], { limit: 2, sinceId: ids[4] }, opts)).map((e) => e.id), ids.slice(0, 2));
    t.same((await store.statuses.byActors([a.id, b.id], { limit: 2, minId: ids[4] }, opts)).map((e) => e.id), ids.slice(2, 4));
    t.same((await store.statuses.byActors([a.id, b.id], { limit: 20 }, { ...opts, withoutReblogs: true })).length, 6);
    t.same((await store.statuses.byActors([c.id], { limit: 20 }, opts)).map((e) => e.id), [other.id]);
  });

  t.test('statuses: home is the account, its accepted follows, their boosts; follows, unfollows, deletes and Undo keep it right', async (t) => {
    const store = await fresh();
    const me = await putActor(store, 'me', null);
    const friend = await putActor(store, 'friend', 'f.example');
    const stranger = await putActor(store, 'stranger', 's.example');
    const remoteFan = await putActor(store, 'fan', 'fan.example');
    const old = await putPost(store, friend);
    const follow = { id: newId(), uri: 'https://local.example/users/me#follows/1', followerId: me.id, followeeId: friend.id, state: 'pending' as const, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    await store.follows.put(follow);
    const home = async (page = { limit: 20 }) => (await store.statuses.home(me.id, page)).map((e) => e.id);
    t.same(await home(), [], 'a pending follow brings nothing');
    await store.follows.setState(follow.id, 'accepted', '2026-01-01T00:00:00.000Z');
    t.same(await home(), [old.id], "accepting backfills the followee's recent posts");
    // A remote follower of me has no home here.
    await store.follows.put({ ...follow, id: newId(), uri: 'https://fan.example/f/1', followerId: remoteFan.id, followeeId: me.id, state: 'accepted' });
    const mine = await putPost(store, me);
    const theirs = await putPost(store, friend);
    await putPost(store, stranger);
    await putPost(store, friend, { visibility: 'direct' });
    const dmToMe = await putPost(store, friend, { visibility: 'direct', data: { type: 'Note', tag: [{ type: 'Mention', href: me.uri }] } });
    const myDm = await putPost(store, me, { visibility: 'direct' });
    const priv = await putPost(store, friend, { visibility: 'private' });
    const boost = { id: newId(), uri: 'https://f.example/b/1', type: 'Announce', actorId: friend.id, objectUri: mine.uri, local: false, public: true, createdAt: '2026-01-01T00:00:00.000Z', data: null };
    await store.activities.put(boost);
    const pending = { ...boost, id: newId(), uri: 'https://f.example/b/2', objectUri: 'https://elsewhere.example/not-here-yet' };
    await store.activities.put(pending);
    t.same(await home(), [boost.id, priv.id, myDm.id, dmToMe.id, theirs.id, mine.id, old.id], 'own, followed, private, direct to me, boost; not others\' direct, not strangers, not boosts of unknown posts');
    const list = async (authors: string[], page = { limit: 20 }) => (await store.statuses.listFeed(me.id, authors, page)).map((e) => e.id);
    t.same(await list([friend.id]), [boost.id, priv.id, dmToMe.id, theirs.id, old.id], 'a list feed: the members\' home entries, not the account\'s own');
    t.same(await list([friend.id], { limit: 2, maxId: priv.id } as never), [dmToMe.id, theirs.id]);
    t.same(await list([friend.id], { limit: 2, minId: old.id } as never), [dmToMe.id, theirs.id]);
    t.same(await list([stranger.id]), [], 'members not followed bring nothing');
    t.same(await list([me.id]), [], 'the account itself is never a member');
    t.same(await list([]), []);
    for (const dm of [myDm, dmToMe]) await store.objects.update(dm.id, { deletedAt: '2026-01-02T00:00:00.000Z' });
    const entries = await store.statuses.home(me.id, { limit: 20 });
    t.equal(entries[0]!.reblog?.id, boost.id);
    t.equal(entries[0]!.object.id, mine.id);
    t.same(await home({ limit: 2, maxId: priv.id } as never), [theirs.id, mine.id]);
    t.same(await home({ limit: 2, minId: old.id } as never), [theirs.id, mine.id]);
    t.same(await home({ limit: 2, sinceId: old.id } as never), [boost.id, priv.id]);
    t.same(await store.statuses.home(remoteFan.id, { limit: 20 }), [], 'remote accounts have no home');
    await store.objects.update(theirs.id, { deletedAt: '2026-01-02T00:00:00.000Z' });
    await store.activities.deleteByUri(boost.uri);
    t.same(await home(), [priv.id, mine.id, old.id], 'a deleted post and an undone boost leave');
    await store.follows.delete(follow.id);
    t.same(await home(), [mine.id], "unfollowing takes the followee's posts out");
    // An accepted follow stored at once (a local, unlocked followee) backfills too.
    await store.follows.put({ ...follow, id: newId(), uri: 'https://local.example/users/me#follows/2', state: 'accepted' });
    t.same(await home(), [priv.id, mine.id, old.id]);
    t.equal(await store.objects.deleteAllOf(friend.id, 3), 3, 'a bounded call removes at most its limit');
    t.equal(await store.objects.deleteAllOf(friend.id), 2);
    t.same(await home(), [mine.id]);
  });

  t.test('statuses: public and tag timelines, replies, reblogs by id, tag search', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const r = await putActor(store, 'r', 'r.example');
    const p1 = await putPost(store, a, { tags: ['#Jobs', '#care'] });
    const p2 = await putPost(store, r, { tags: ['#jobs'] });
    await putPost(store, a, { visibility: 'unlisted', tags: ['#jobs'] });
    const art = await putPost(store, a, { type: 'Article', tags: ['#JobSearch'] });
    t.same((await store.statuses.publicTimeline({ origin: 'all' }, { limit: 10 })).map((o) => o.id), [art.id, p2.id, p1.id]);
    t.same((await store.statuses.publicTimeline({ origin: 'local' }, { limit: 10 })).map((o) => o.id), [art.id, p1.id]);
    t.same((await store.statuses.publicTimeline({ origin: 'remote' }, { limit: 10 })).map((o) => o.id), [p2.id]);
    t.same((await store.statuses.publicTimeline({ origin: 'all' }, { limit: 1, minId: p1.id })).map((o) => o.id), [p2.id]);
    // Suspended accounts and silenced domains (subdomains too) stay out of public timelines.
    const sub = await putActor(store, 'sub', 'eu.r.example');
    const subPost = await putPost(store, sub, { tags: ['#jobs'] });
    const gone = await putActor(store, 'gone', 'g.example', { suspendedAt: '2026-01-01T00:00:00.000Z' });
    await putPost(store, gone, { tags: ['#jobs'] });
    t.same((await store.statuses.publicTimeline({ origin: 'remote' }, { limit: 10 })).map((o) => o.id), [subPost.id, p2.id]);
    t.same((await store.statuses.publicTimeline({ origin: 'remote', excludeDomains: ['r.example'] }, { limit: 10 })).map((o) => o.id), []);
    t.same((await store.statuses.tagTimeline('jobs', { origin: 'all', excludeDomains: ['r.example'] }, { limit: 10 })).map((o) => o.id), [p1.id]);
    t.same((await store.statuses.tagTimeline('jobs', { origin: 'all', excludeDomains: ['other.example'] }, { limit: 10 })).map((o) => o.id), [subPost.id, p2.id, p1.id]);
    await store.objects.update(subPost.id, { deletedAt: '2026-01-02T00:00:00.000Z' });
    const toOther = await putPost(store, a, { inReplyToUri: p2.uri });
    const toSelf = await putPost(store, a, { inReplyToUri: p1.uri });
    const toUnknown = await putPost(store, a, { inReplyToUri: 'https://unknown.example/x' });
    const publicIds = (await store.statuses.publicTimeline({ origin: 'all' }, { limit: 10 })).map((o) => o.id);
    t.ok(publicIds.includes(toSelf.id), 'a thread (self-reply) is public timeline material');
    t.notOk(publicIds.includes(toOther.id) || publicIds.includes(toUnknown.id), 'replies to others are not');
    for (const o of [toOther, toSelf, toUnknown]) await store.objects.update(o.id, { deletedAt: '2026-01-02T00:00:00.000Z' });
    t.same((await store.statuses.tagTimeline('JOBS', { origin: 'all' }, { limit: 10 })).map((o) => o.id), [p2.id, p1.id], 'case-insensitive; unlisted left out');
    t.same((await store.statuses.tagTimeline('jobs', { origin: 'local' }, { limit: 10 })).map((o) => o.id), [p1.id]);
    t.same((await store.statuses.tagTimeline('jobsearch', { origin: 'all' }, { limit: 10 })).map((o) => o.id), [art.id]);
    t.same(await store.statuses.searchTags('job', 10), ['jobs', 'jobsearch'], 'most used first');
    // Tags follow the document: an edit replaces them, a Tombstone drops them.
    await store.objects.update(p1.id, { data: { ...p1.data, tag: [{ type: 'Hashtag', name: '#new' }] } });
    t.same((await store.statuses.tagTimeline('jobs', { origin: 'all' }, { limit: 10 })).map((o) => o.id), [p2.id]);
    t.same((await store.statuses.tagTimeline('new', { origin: 'all' }, { limit: 10 })).map((o) => o.id), [p1.id]);
    // A malformed tag field is ignored, never an error.
    await putPost(store, r, { data: { type: 'Note', tag: { type: 'Hashtag', name: '#odd' } } });
    await putPost(store, r, { data: { type: 'Note', tag: ['#str', 5, null] } });
    t.same(await store.statuses.tagTimeline('odd', { origin: 'all' }, { limit: 10 }), []);

    const reply = await putPost(store, r, { inReplyToUri: p1.uri });
    await putPost(store, r, { inReplyToUri: p1.uri, deletedAt: '2026-01-02T00:00:00.000Z' });
    t.same((await store.statuses.repliesTo([p1.uri, p2.uri], 10)).map((o) => o.id), [reply.id]);
    t.equal(await store.statuses.countReplies(p1.uri), 1);
    const boost = { id: newId(), uri: 'https://r.example/b/1', type: 'Announce', actorId: r.id, objectUri: p1.uri, local: false, public: true, createdAt: '2026-01-01T00:00:00.000Z', data: null };
    await store.activities.put(boost);
    t.equal((await store.statuses.getReblog(boost.id))?.uri, boost.uri);
    t.equal(await store.statuses.getReblog(p1.id), undefined, 'a post id is not a reblog');
    const like = { ...boost, id: newId(), uri: 'https://r.example/l/1', type: 'Like' };
    await store.activities.put(like);
    t.same((await store.statuses.reactions(p1.uri, 'Announce', { limit: 10 })).map((x) => x.id), [boost.id]);
    t.same((await store.statuses.reactions(p1.uri, 'Like', { limit: 10 })).map((x) => x.id), [like.id]);
    t.same(await store.statuses.reactions(p1.uri, 'Like', { limit: 10, maxId: like.id }), []);
  });

  t.test('statuses: bookmarks and idempotency keys', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const p1 = await putPost(store, a);
    const p2 = await putPost(store, a);
    const b1 = { id: newId(), actorId: a.id, objectId: p1.id, createdAt: '2026-01-01T00:00:00.000Z' };
    await store.statuses.addBookmark(b1);
    await store.statuses.addBookmark({ ...b1, id: newId() });
    const b2 = { id: newId(), actorId: a.id, objectId: p2.id, createdAt: '2026-01-01T00:00:00.000Z' };
    await store.statuses.addBookmark(b2);
    t.same((await store.statuses.listBookmarks(a.id, { limit: 10 })).map((b) => b.objectId), [p2.id, p1.id], 'twice is once');
    t.same((await store.statuses.listBookmarks(a.id, { limit: 10, maxId: b2.id })).map((b) => b.id), [b1.id]);
    t.ok(await store.statuses.isBookmarked(a.id, p1.id));
    t.ok(await store.statuses.removeBookmark(a.id, p1.id));
    t.notOk(await store.statuses.isBookmarked(a.id, p1.id));
    t.notOk(await store.statuses.removeBookmark(a.id, p1.id));

    const other = await putActor(store, 'other', 'o.example');
    const dmOut = await putPost(store, a, { visibility: 'direct', data: { type: 'Note', tag: [{ type: 'Mention', href: other.uri }] } });
    const dmIn = await putPost(store, other, { visibility: 'direct', data: { type: 'Note', tag: [{ type: 'Mention', href: a.uri }] } });
    await putPost(store, other, { visibility: 'direct', data: { type: 'Note', tag: [{ type: 'Mention', href: 'https://elsewhere.example/u' }] } });
    t.same((await store.statuses.directFor(a, { limit: 10 })).map((o) => o.id), [dmIn.id, dmOut.id], 'written or mentioned in, newest first');
    t.same((await store.statuses.directFor(a, { limit: 10, maxId: dmIn.id })).map((o) => o.id), [dmOut.id]);
    t.same((await store.statuses.directFor(other, { limit: 10, minId: dmOut.id })).map((o) => o.id).length, 2);
    await store.objects.update(dmIn.id, { deletedAt: '2026-01-02T00:00:00.000Z' });
    t.same((await store.statuses.directFor(a, { limit: 10 })).map((o) => o.id), [dmOut.id]);

    const v1 = { id: newId(), objectId: p1.id, text: 'first', spoilerText: '', sensitive: false, content: '<p>first</p>', createdAt: '2026-01-01T00:00:00.000Z' };
    const v2 = { ...v1, id: newId(), text: 'second', spoilerText: 'cw', sensitive: true, content: '<p>second</p>' };
    await store.statuses.saveVersion(v1);
    await store.statuses.saveVersion(v2);
    t.same(await store.statuses.listVersions(p1.id), [v1, v2], 'oldest first');
    t.same(await store.statuses.listVersions(p2.id), []);

    // Erasure forgets the account's client-API state, and only that account's.
    const b = await putActor(store, 'b', null);
    await store.statuses.addBookmark({ id: newId(), actorId: a.id, objectId: p2.id, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.statuses.addBookmark({ id: newId(), actorId: b.id, objectId: p2.id, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.notifications.put({ id: newId(), accountId: b.id, type: 'favourite', fromActorId: a.id, statusId: p2.id, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.notifications.put({ id: newId(), accountId: a.id, type: 'follow', fromActorId: b.id, statusId: null, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.notifications.setPostSubscription(b.id, a.id, true);
    await store.statuses.rememberIdempotent(a.id, 'gone', p2.id, '2026-01-01T10:00:00.000Z');
    // In bounded calls (erasure's chunks): at most 2 records each, until one finds nothing.
    let calls = 0;
    for (let n = -1; n !== 0 && calls < 50; calls++) {
      n = await store.statuses.forgetAccount(a.id, 2);
      t.ok(n <= 2, `call ${calls + 1} removed ${n}`);
    }
    t.ok(calls >= 3, 'five records or more took three calls or more');
    t.equal(await store.statuses.forgetAccount(a.id), 0);
    t.same(await store.statuses.listBookmarks(a.id, { limit: 10 }), []);
    t.equal((await store.statuses.listBookmarks(b.id, { limit: 10 })).length, 1, "others' bookmarks stay");
    t.equal(await store.notifications.count(b.id, {}), 0, 'notifications from the account go');
    t.equal(await store.notifications.count(a.id, {}), 0, 'notifications to the account go');
    t.notOk(await store.notifications.isPostSubscribed(b.id, a.id));
    t.equal(await store.statuses.findIdempotent(a.id, 'gone', '2026-01-01T00:00:00.000Z'), undefined);

    await store.statuses.rememberIdempotent(a.id, 'k', p1.id, '2026-01-01T10:00:00.000Z');
    t.equal(await store.statuses.findIdempotent(a.id, 'k', '2026-01-01T09:30:00.000Z'), p1.id);
    t.equal(await store.statuses.findIdempotent(a.id, 'k', '2026-01-01T10:30:00.000Z'), undefined, 'expired');
    t.equal(await store.statuses.findIdempotent(a.id, 'other', '2026-01-01T00:00:00.000Z'), undefined);
    await store.statuses.rememberIdempotent(a.id, 'k', p2.id, '2026-01-01T12:00:00.000Z');
    t.equal(await store.statuses.findIdempotent(a.id, 'k', '2026-01-01T11:00:00.000Z'), p2.id, 'a reused key after expiry points to the new post');
  });

  t.test('statuses: post search, the viewer may read: own, mentioning them, public of indexable accounts; prefixes in any language', async (t) => {
    const store = await fresh();
    const me = await putActor(store, 'me', null);
    const other = await putActor(store, 'other', 'o.example');
    const shy = await putActor(store, 'shy', 's.example', { indexable: false });
    const gone = await putActor(store, 'gone', 'g.example');
    const now = '2026-01-02T00:00:00.000Z';
    const note = (actor: Actor, content: string, over: Partial<StoredObject> = {}, tag: unknown[] = []) =>
      putPost(store, actor, { ...over, data: { type: 'Note', content, tag, ...(over.data ?? {}) } });
    const mine = await note(me, '<p>Vores <b>SMS</b>-påmindelse virker</p>', { visibility: 'private' });
    const pub = await note(other, '<p>SMS reminders halved no-shows</p>');
    const unlisted = await note(other, '<p>SMS unlisted</p>', { visibility: 'unlisted' });
    const privMention = await note(other, '<p>@me SMS private</p>', { visibility: 'private' }, [{ type: 'Mention', href: me.uri }]);
    await note(other, '<p>SMS private, not for me</p>', { visibility: 'private' });
    const shyPub = await note(shy, '<p>SMS from someone not indexable</p>');
    const shyMention = await note(shy, '<p>@me SMS direct</p>', { visibility: 'direct' }, [{ type: 'Mention', href: me.uri }]);
    await note(gone, '<p>SMS of a suspended account</p>');
    await store.actors.update(gone.id, { suspendedAt: now });
    const deleted = await note(other, '<p>SMS deleted</p>');
    await store.objects.update(deleted.id, { deletedAt: now });
    await putPost(store, other, { type: 'Article', data: { type: 'Article', content: '<p>SMS article</p>' } });
    const cw = await note(other, '<p>hidden text</p>', { data: { type: 'Note', content: '<p>body</p>', summary: 'Påmindelser om valg', attachment: [{ type: 'Document', name: 'Skærmbillede af SMS-flowet' }] } });
    const find = async (text: string, over: { authorId?: string; limit?: number; offset?: number } = {}) =>
      (await store.statuses.searchPosts({ words: postSearchWords(text), viewer: { id: me.id, uri: me.uri }, limit: 20, offset: 0, ...over })).map((o) => o.id);
    t.same(new Set(await find('sms')), new Set([mine.id, pub.id, privMention.id, shyMention.id, cw.id]), 'own (private), public, private and direct mentions, media descriptions; not unlisted, others\' private, not indexable, suspended, deleted, Articles');
    t.notOk((await find('sms')).includes(unlisted.id));
    t.notOk((await find('sms')).includes(shyPub.id));
    const ids = await find('sms');
    t.same(ids, [...ids].sort((a, b) => (a.length !== b.length ? b.length - a.length : a < b ? 1 : a > b ? -1 : 0)), 'newest first');
    t.same(await find('påmind'), [cw.id, mine.id], 'a prefix; Danish letters kept; content warning searched');
    t.same(await find('PÅMINDELSE VIRKER'), [mine.id], 'every word, case-folded');
    t.same(await find('pamindelse'), [], 'no diacritics folding');
    t.same(await find('b'), [cw.id], 'markup is not text: "b" finds body, not <b>');
    t.same(await find('sms', { authorId: other.id }), [cw.id, privMention.id, pub.id].filter((id) => ids.includes(id)).sort((a, b) => (a < b ? 1 : -1)));
    t.same(await find('sms', { limit: 2 }), ids.slice(0, 2));
    t.same(await find('sms', { limit: 2, offset: 2 }), ids.slice(2, 4));
    t.same(await find('"* NEAR('), [], 'FTS syntax is only words');
    t.same(await find(''), []);
    await store.objects.update(pub.id, { data: { type: 'Note', content: '<p>Edited: letters now</p>' } });
    t.notOk((await find('sms')).includes(pub.id), 'an edit re-indexes');
    t.same(await find('letters'), [pub.id]);
  });
};
export default suite;
