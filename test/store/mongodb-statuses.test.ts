import t from 'tap';
import type { Db, Document } from 'mongodb';
import { matches } from '../helpers/fake-mongo.js';
import type { StoredObject } from '../../src/store/port.js';
import { RECORD_KEYS, RECORD_KINDS } from '../../src/store/port.js';
import type { MongoCtx } from '../../src/store/mongodb/context.js';
import { COLLECTIONS, INDEXES } from '../../src/store/mongodb/indexes.js';
import { objectsColl } from '../../src/store/mongodb/objects.js';
import { MONGO_MIGRATIONS } from '../../src/store/mongodb/migrations.js';
import {
  boostedPostsFilter, compareIds, excludedAuthorsFilter, homeBoostsFilter, homePostsFilter, keepInPublic, mentionHrefsOf, mergeEntries,
  notificationFilter, notificationIdentity, objectDerived, pageAfter, pageFilter, publicFilter, removeNotificationsFilter,
  searchTagsPipeline, tagFilter, tagNamesOf,
} from '../../src/store/mongodb/statuses-queries.js';

// Builders only, without a server: the filters are checked as data and, for the rules that decide
// what a timeline shows, evaluated against documents shaped as the adapter stores them by the
// matcher of test/helpers/fake-mongo.ts (the few operators these builders use, with MongoDB's
// semantics for them). Whether the server runs them the same way is the contract suite's job
// (mongodb.test.ts).

const noDb: MongoCtx = { db: undefined as unknown as Db, session: undefined, atomically: () => Promise.reject(new Error('no db')) };

t.test('the matcher itself: null, arrays, ranges', async (t) => {
  t.ok(matches({ a: null }, { a: null }) && matches({}, { a: null }) && !matches({ a: 'x' }, { a: null }));
  t.ok(matches({ tags: ['x', 'y'] }, { tags: 'y' }) && !matches({ tags: [] }, { tags: 'y' }));
  t.ok(matches({ _id: '5' }, { _id: { $gt: '4', $lt: '6' } }) && !matches({ _id: '6' }, { _id: { $gt: '4', $lt: '6' } }));
  t.ok(matches({ a: 'q' }, { $or: [{ a: 'p' }, { a: { $in: ['q'] } }] }));
  t.notOk(matches({ tags: ['a', 'zzz'] }, { tags: { $elemMatch: { $gte: 'job', $lt: 'job\u{10FFFF}' } } }), 'elemMatch: one element must meet both');
  t.ok(matches({ tags: ['a', 'zzz'] }, { tags: { $gte: 'job', $lt: 'job\u{10FFFF}' } }), 'without it, two elements may (why searchTags uses $elemMatch)');
});

t.test('paging: maxId/sinceId bound a newest-first page, minId reads upwards; empty ids are no bound', async (t) => {
  t.same(pageFilter({ limit: 5 }), { filter: {}, sort: { _id: -1 }, ascending: false });
  t.same(pageFilter({ limit: 5, maxId: '9' }), { filter: { _id: { $lt: '9' } }, sort: { _id: -1 }, ascending: false });
  t.same(pageFilter({ limit: 5, sinceId: '3' }).filter, { _id: { $gt: '3' } });
  t.same(pageFilter({ limit: 5, maxId: '9', sinceId: '3' }).filter, { _id: { $lt: '9', $gt: '3' } });
  t.same(pageFilter({ limit: 5, minId: '3', sinceId: '1' }), { filter: { _id: { $gt: '3' } }, sort: { _id: 1 }, ascending: true }, 'minId wins over sinceId, as pageSql');
  t.same(pageFilter({ limit: 5, maxId: '', minId: '' }), { filter: {}, sort: { _id: -1 }, ascending: false });
  t.same(pageFilter({ limit: 5, maxId: '9' }, 'entryId').filter, { entryId: { $lt: '9' } });
  t.same(pageAfter({ limit: 5, maxId: '9', sinceId: '1' }, '7', false), { limit: 5, maxId: '7', sinceId: '1' });
  t.same(pageAfter({ limit: 5, minId: '1' }, '4', true), { limit: 5, minId: '4', sinceId: undefined });
});

t.test('merging: by id, longer ids are larger, cut to the limit, in the read direction', async (t) => {
  t.ok(compareIds('10', '9') > 0 && compareIds('a1', 'a2') < 0 && compareIds('7', '7') === 0);
  const posts = [{ id: '9' }, { id: '5' }, { id: '2' }];
  const boosts = [{ id: '10' }, { id: '6' }];
  t.same(mergeEntries(posts, boosts, 3, false).map((e) => e.id), ['10', '9', '6']);
  t.same(mergeEntries([...posts].reverse(), [...boosts].reverse(), 2, true).map((e) => e.id), ['2', '5']);
  t.same(mergeEntries(posts, boosts, 0, false), []);
});

t.test('tag names as the SQLite trigger stores them', async (t) => {
  t.same(tagNamesOf({ tag: [{ type: 'Hashtag', name: '#Jobs' }, { type: 'Hashtag', name: '#care' }, { type: 'Hashtag', name: 'jobs' }] }), ['jobs', 'care'], 'lower-cased, distinct');
  t.same(tagNamesOf({ tag: [{ type: 'Hashtag', name: '##double' }, { type: 'Hashtag', name: '#' }, { type: 'Hashtag', name: '' }] }), ['double'], "every leading '#' off; empty names dropped");
  t.same(tagNamesOf({ tag: [{ type: 'Mention', name: '@a' }, { type: 'Hashtag' }, { type: 'Hashtag', name: 5 }, '#str', 5, null, ['#x']] }), [], 'only Hashtag objects with a text name');
  t.same(tagNamesOf({ tag: { type: 'Hashtag', name: '#odd' } }), [], 'tag must be an array');
  t.same(tagNamesOf(null), []);
  t.same(tagNamesOf({ type: 'Tombstone' }), []);
  t.same(tagNamesOf({ tag: [{ type: 'Hashtag', name: '#ÆRØ' }] }), ['ÆrØ'], "SQLite's lower() folds ASCII only");
  const long = `#${'🎉'.repeat(60)}${'a'.repeat(60)}`;
  t.equal(Array.from(tagNamesOf({ tag: [{ type: 'Hashtag', name: long }] })[0]!).length, 100, 'cut at 100 characters (code points, as substr)');
  t.same(mentionHrefsOf({ tag: [{ type: 'Mention', href: 'https://l/users/me' }, { type: 'Mention', href: 5 }, { type: 'Hashtag', href: 'https://x' }] }), ['https://l/users/me']);
  t.same(objectDerived({}), {}, 'a patch without data leaves the derived fields alone');
  t.same(objectDerived({ data: { tag: [{ type: 'Hashtag', name: '#A' }] } }), { tagNames: ['a'], mentionHrefs: [], searchTokens: [] });
  t.same(objectDerived({ data: { content: '<p>SMS-<b>påmindelse</b> virker, sms!</p>', summary: 'Valg', attachment: [{ name: 'Skærm' }] } }).searchTokens,
    ['valg', 'sms', 'påmindelse', 'virker', 'skærm'], 'the post search words: plain text, content warning, media descriptions; lower-cased, distinct');
});

const objects = objectsColl(noDb);
let seq = 100;
function post(actorId: string, over: Partial<StoredObject> & { tags?: string[]; mentions?: string[] } = {}): Document {
  const id = over.id ?? String(seq++);
  const { tags, mentions, ...rest } = over;
  return objects.toDoc({
    id, uri: `https://x/${actorId}/${id}`, type: 'Note', actorId, local: actorId === 'me', url: null, inReplyToUri: null, visibility: 'public',
    language: 'en', publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: null, deletedAt: null,
    data: { type: 'Note', tag: [...(tags ?? []).map((name) => ({ type: 'Hashtag', name })), ...(mentions ?? []).map((href) => ({ type: 'Mention', href }))] },
    ...rest,
  });
}

t.test('object documents carry the derived fields; a patch with data rewrites them', async (t) => {
  const d = post('a', { tags: ['#Jobs'], mentions: ['https://l/users/me'] });
  t.same(d.tagNames, ['jobs']);
  t.same(d.mentionHrefs, ['https://l/users/me']);
  t.equal(typeof d.data, 'string', 'data itself stays JSON text');
  t.same(objects.toSet({ data: { tag: [{ type: 'Hashtag', name: '#new' }] } }).tagNames, ['new']);
  t.notOk('tagNames' in objects.toSet({ deletedAt: '2026-01-02T00:00:00.000Z' }), 'a deletion keeps them (as object_tags keeps its rows)');
});

t.test("home: own posts, accepted followees' visible posts, direct ones that mention the account; boosts", async (t) => {
  const me = { id: 'me', uri: 'https://l/users/me' };
  const docs = {
    mine: post('me'),
    myDm: post('me', { visibility: 'direct' }),
    myRemoteCopy: post('me', { local: false }),
    theirs: post('friend'),
    priv: post('friend', { visibility: 'private' }),
    unlisted: post('friend', { visibility: 'unlisted' }),
    dmToMe: post('friend', { visibility: 'direct', mentions: [me.uri] }),
    dmToOther: post('friend', { visibility: 'direct', mentions: ['https://l/users/other'] }),
    deleted: post('friend', { deletedAt: '2026-01-02T00:00:00.000Z' }),
    question: post('friend', { type: 'Question' }),
    stranger: post('stranger'),
  };
  const shown = (followees: string[], page = { limit: 20 }) =>
    Object.entries(docs).filter(([, d]) => matches(d, homePostsFilter(me, followees, page))).map(([k]) => k);
  t.same(shown(['friend']), ['mine', 'myDm', 'theirs', 'priv', 'unlisted', 'dmToMe']);
  t.same(shown([]), ['mine', 'myDm'], 'no follows: own local posts only, any visibility');
  t.same(shown(['friend'], { limit: 20, maxId: docs.priv._id, sinceId: docs.mine._id } as never), ['myDm', 'theirs'], 'paged by _id');
  const f = homePostsFilter(me, ['friend', 'friend2'], { limit: 20 });
  t.same(f.actorId, { $in: ['me', 'friend', 'friend2'] }, 'one $in over the (actorId, _id) index');

  const boost = (actorId: string, local: boolean) => ({ _id: String(seq++), type: 'Announce', actorId, local, objectUri: 'u' });
  const boosts = { mine: boost('me', true), friends: boost('friend', false), strangers: boost('stranger', false), like: { ...boost('friend', false), type: 'Like' } };
  t.same(Object.entries(boosts).filter(([, d]) => matches(d, homeBoostsFilter('me', ['friend'], { limit: 20 }))).map(([k]) => k), ['mine', 'friends']);
  t.same(Object.entries(boosts).filter(([, d]) => matches(d, homeBoostsFilter('me', [], { limit: 20 }))).map(([k]) => k), ['mine']);

  const target = (over: Partial<StoredObject>) => post('x', { uri: 'https://x/p', ...over });
  const f2 = boostedPostsFilter(['https://x/p', 'https://x/p']);
  t.same(f2.uri, { $in: ['https://x/p'] });
  t.ok(matches(target({}), f2) && matches(target({ visibility: 'unlisted' }), f2));
  t.notOk(matches(target({ visibility: 'private' }), f2) || matches(target({ deletedAt: '2026-01-02T00:00:00.000Z' }), f2) || matches(target({ type: 'Question' }), f2));
});

t.test('public timelines: authors left out by a query on actors (suspended; silenced domains and their subdomains)', async (t) => {
  const actor = (domain: string | null, suspendedAt: string | null = null) => ({ _id: `${domain}`, domain, suspendedAt });
  const f = excludedAuthorsFilter({ origin: 'all', excludeDomains: ['r.example'] });
  t.ok(matches(actor('r.example'), f), 'the domain');
  t.ok(matches(actor('eu.r.example'), f) && matches(actor('EU.R.example'), f), 'subdomains, ASCII case-insensitive as LIKE');
  t.notOk(matches(actor('xr.example'), f), 'not a domain that merely ends alike');
  t.notOk(matches(actor('R.EXAMPLE'), f), "the domain itself compares as SQLite's = (case-sensitive; domains are stored lower-case)");
  t.notOk(matches(actor('r.example.evil'), f) || matches(actor(null), f));
  t.ok(matches(actor('ok.example', '2026-01-01T00:00:00.000Z'), f), 'suspended');
  t.ok(matches(actor(null, '2026-01-01T00:00:00.000Z'), excludedAuthorsFilter({ origin: 'all' })));
  t.notOk(matches(actor('ok.example'), excludedAuthorsFilter({ origin: 'all' })));
  t.notOk(matches(actor('x.axb'), excludedAuthorsFilter({ origin: 'all', excludeDomains: ['a.b'] })), "a domain's dots are literal");

  const pf = publicFilter({ origin: 'local' }, ['bad'], { limit: 5, maxId: '9' });
  t.same(pf, { visibility: 'public', deletedAt: null, local: true, type: { $in: ['Note', 'Article'] }, actorId: { $nin: ['bad'] }, _id: { $lt: '9' } });
  t.notOk('actorId' in publicFilter({ origin: 'all' }, [], { limit: 5 }), 'no $nin when nobody is left out');
  t.notOk('local' in publicFilter({ origin: 'all' }, [], { limit: 5 }));
  t.equal(publicFilter({ origin: 'remote' }, [], { limit: 5 }).local, false);
  t.ok(matches(post('a', { type: 'Article' }), publicFilter({ origin: 'all' }, [], { limit: 5 })));
  t.notOk(matches(post('a', { visibility: 'unlisted' }), publicFilter({ origin: 'all' }, [], { limit: 5 })));
  t.notOk(matches(post('bad'), publicFilter({ origin: 'all' }, ['bad'], { limit: 5 })));

  const parents = new Map([['https://x/a/1', 'a'], ['https://x/b/1', 'b']]);
  t.ok(keepInPublic({ actorId: 'a', inReplyToUri: null }, parents));
  t.ok(keepInPublic({ actorId: 'a', inReplyToUri: 'https://x/a/1' }, parents), 'a self-reply (thread) stays');
  t.notOk(keepInPublic({ actorId: 'a', inReplyToUri: 'https://x/b/1' }, parents), 'a reply to another leaves');
  t.notOk(keepInPublic({ actorId: 'a', inReplyToUri: 'https://unknown/x' }, parents), 'so does a reply to an unknown post');
});

t.test('tag timeline and tag search', async (t) => {
  const f = tagFilter('#JOBS', { origin: 'remote' }, [], { limit: 5 });
  t.equal(f.tagNames, 'jobs', "one '#' off, lower-cased, as SQLite's query");
  t.notOk('type' in f, 'any object type: SQLite joins object_tags without one');
  t.ok(matches(post('r', { tags: ['#Jobs'], local: false }), f));
  t.notOk(matches(post('r', { tags: ['#Jobs'], visibility: 'unlisted', local: false }), f));
  t.notOk(matches(post('r', { tags: ['#Jobsearch'], local: false }), f));
  t.same(searchTagsPipeline('', 10), null);
  t.same(searchTagsPipeline('#', 10), null);
  const p = searchTagsPipeline('#Job', 10)!;
  t.same(p[0], { $match: { tagNames: { $elemMatch: { $gte: 'job', $lt: 'job\u{10FFFF}' } } } });
  t.same(p.slice(1), [
    { $unwind: '$tagNames' },
    { $match: { tagNames: { $gte: 'job', $lt: 'job\u{10FFFF}' } } },
    { $group: { _id: '$tagNames', n: { $sum: 1 } } },
    { $sort: { n: -1, _id: 1 } },
    { $limit: 10 },
  ], 'counted per name after unwinding: an object with #jobs and #care counts once for jobs');
});

t.test('notifications: filters, identity with a null status, removeWhere', async (t) => {
  t.same(notificationFilter('me', {}), { accountId: 'me' });
  t.same(notificationFilter('me', { types: ['favourite'], excludeTypes: ['follow'], fromActorId: 'r' }), { accountId: 'me', type: { $in: ['favourite'], $nin: ['follow'] }, fromActorId: 'r' });
  t.same(notificationFilter('me', { types: [], excludeTypes: [], fromActorId: '' }), { accountId: 'me' }, 'empty lists and ids are no filter, as filterSql');
  t.same(notificationIdentity({ accountId: 'me', type: 'follow', fromActorId: 'r', statusId: null }), { accountId: 'me', type: 'follow', fromActorId: 'r', statusKey: '' });
  t.same(removeNotificationsFilter({ type: 'favourite', fromActorId: 'r' }), { type: 'favourite', fromActorId: 'r' }, 'no status given: any status');
  t.same(removeNotificationsFilter({ type: 'follow', fromActorId: 'r', statusId: null, accountId: 'me' }), { type: 'follow', fromActorId: 'r', statusKey: '', accountId: 'me' });
  t.same(removeNotificationsFilter({ type: 'favourite', fromActorId: 'r', statusId: '100' }).statusKey, '100');
});

t.test('indexes, collections, transfer kinds and the data migration', async (t) => {
  const byName = (coll: string, name: string) => INDEXES[coll]!.find((i) => i.name === name);
  t.same(byName(COLLECTIONS.objects, 'objects_tags')?.key, { tagNames: 1, _id: -1 });
  t.same(byName(COLLECTIONS.objects, 'objects_actor')?.key, { actorId: 1, _id: -1 }, 'the home and byActors posts');
  t.same(byName(COLLECTIONS.activities, 'activities_actor')?.key, { actorId: 1, type: 1, _id: -1 }, 'the home and byActors boosts');
  t.same(byName(COLLECTIONS.actors, 'actors_suspended')?.partialFilterExpression, { suspendedAt: { $gt: '' } });
  const once = byName(COLLECTIONS.notifications, 'notifications_once')!;
  t.ok(once.unique);
  t.same(once.key, { accountId: 1, type: 1, fromActorId: 1, statusKey: 1 });
  t.ok(byName(COLLECTIONS.bookmarks, 'bookmarks_pair')?.unique);
  t.same(byName(COLLECTIONS.bookmarks, 'bookmarks_actor')?.key, { actorId: 1, _id: -1 });
  t.same(Object.keys(INDEXES).sort(), Object.values(COLLECTIONS).sort());
  for (const kind of ['bookmarks', 'statusVersions', 'idempotencyKeys', 'notifications', 'postSubscriptions'] as const) {
    t.ok(RECORD_KINDS.indexOf(kind) > RECORD_KINDS.indexOf('objects'), `${kind} after what it refers to`);
    t.ok(RECORD_KEYS[kind].length > 0);
  }
  t.same(MONGO_MIGRATIONS.map((m) => m.name), ['001-collections', '002-statuses', '003-roles-drafts', '020-identity-links', '004-account-links', '018-post-search', '005-push-leases-counters-events', '006-solution-facet-counts']);
});

t.test('directFor: own direct posts or ones mentioning the actor, not deleted, paged by id', async (t) => {
  const { directForFilter } = await import('../../src/store/mongodb/statuses-queries.js');
  t.same(directForFilter({ id: '5', uri: 'https://x.test/users/a' }, { limit: 20, maxId: '900' }), {
    visibility: 'direct', deletedAt: null, $or: [{ actorId: '5' }, { mentionHrefs: 'https://x.test/users/a' }], _id: { $lt: '900' },
  });
});
