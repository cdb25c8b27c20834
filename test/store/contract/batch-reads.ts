import { newId } from '../../../src/ids.js';
import type { Actor, Store, StoredObject } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putActor } from './follows.js';

/**
 * The batched reads a page of statuses is rendered with: each answers what the single reads it
 * replaces answer, for every key at once (unknown keys left out or answered with zeros).
 */
async function post(store: Store, actor: Actor, over: Partial<StoredObject> = {}): Promise<StoredObject> {
  const id = newId();
  const uri = `${actor.uri}/statuses/${id}`;
  return store.objects.put({
    id, uri, type: 'Note', actorId: actor.id, local: actor.domain === null, url: uri, inReplyToUri: null, visibility: 'public',
    language: 'en', publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: null, deletedAt: null, data: { id: uri, type: 'Note', content: '<p>x</p>' }, ...over,
  });
}

const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const suite: ContractSuite = (t, fresh) => {
  t.test('batch reads: actors.getMany and countsOf answer as getById/getByUri and the single counts', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const b = await putActor(store, 'b', 'b.example');
    const c = await putActor(store, 'c', 'c.example');
    const now = '2026-01-01T00:00:00.000Z';
    await store.follows.put({ id: newId(), uri: 'https://f/1', followerId: b.id, followeeId: a.id, state: 'accepted', createdAt: now, updatedAt: now });
    await store.follows.put({ id: newId(), uri: 'https://f/2', followerId: c.id, followeeId: a.id, state: 'pending', createdAt: now, updatedAt: now });
    await store.follows.put({ id: newId(), uri: 'https://f/3', followerId: a.id, followeeId: c.id, state: 'accepted', createdAt: now, updatedAt: now });
    const act = (type: string, actor: Actor, at: string) => store.activities.put({ id: newId(), uri: `https://act/${newId()}`, type, actorId: actor.id, objectUri: 'https://o/1', local: false, public: false, createdAt: at, data: null });
    await act('Create', a, '2026-01-03T00:00:00.000Z');
    await act('Announce', a, '2026-01-02T00:00:00.000Z');
    await act('Like', a, '2026-01-04T00:00:00.000Z');
    const got = await store.actors.getMany({ ids: [a.id, 'nobody', a.id], uris: [b.uri, a.uri, 'https://nowhere/x'] });
    t.same(byId(got).map((x) => x.id), byId([a, b]).map((x) => x.id), 'each actor once, unknown keys left out');
    t.same(await store.actors.getMany({}), []);
    t.same(byId(got), byId([(await store.actors.getById(a.id))!, (await store.actors.getByUri(b.uri))!]), 'the same records as the single reads');
    const counts = await store.actors.countsOf([a.id, c.id, 'nobody']);
    const of = (id: string) => counts.find((x) => x.actorId === id);
    t.same(of(a.id), { actorId: a.id, followers: 1, following: 1, statuses: 2, lastStatusAt: '2026-01-02T00:00:00.000Z' }, 'accepted follows, posts and boosts; the newest by id');
    t.same(of(c.id), { actorId: c.id, followers: 1, following: 0, statuses: 0, lastStatusAt: null });
    t.same(of('nobody'), { actorId: 'nobody', followers: 0, following: 0, statuses: 0, lastStatusAt: null }, 'zeros for an unknown id');
    t.same(await store.actors.countsOf([]), []);
  });

  t.test('batch reads: countsOf statuses stay what counting the activities gives, through posts, boosts, removals and erasure', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const b = await putActor(store, 'b', 'b.example');
    const put = (type: string, actor: Actor, at: string) => store.activities.put({ id: newId(), uri: `https://act/${newId()}`, type, actorId: actor.id, objectUri: 'https://o/1', local: false, public: true, createdAt: at, data: null });
    const counted = async (actor: Actor) => {
      const types = ['Create', 'Announce'];
      const [newest] = await store.activities.listByActor(actor.id, { types, publicOnly: false, limit: 1 });
      return { statuses: await store.activities.countByActor(actor.id, { types, publicOnly: false }), lastStatusAt: newest?.createdAt ?? null };
    };
    const check = async (label: string) => {
      const got = await store.actors.countsOf([a.id, b.id]);
      for (const x of [a, b]) {
        const c = got.find((g) => g.actorId === x.id)!;
        t.same({ statuses: c.statuses, lastStatusAt: c.lastStatusAt }, await counted(x), `${label}: ${x.username} as counted`);
      }
    };
    await check('nothing yet');
    const made: Awaited<ReturnType<typeof put>>[] = [];
    for (let i = 0; i < 6; i++) made.push(await put(i % 3 === 2 ? 'Announce' : 'Create', i % 2 ? b : a, `2026-02-0${i + 1}T00:00:00.000Z`));
    await put('Like', a, '2026-03-01T00:00:00.000Z');
    await put('Follow', b, '2026-03-01T00:00:00.000Z');
    await check('posts, boosts, a like and a follow');
    t.equal((await store.actors.countsOf([a.id]))[0]!.statuses, 3, 'a: two posts and a boost');
    t.ok(await store.activities.deleteByUri(made[4]!.uri), 'the newest of a removed');
    await check('the newest removed');
    t.equal((await store.actors.countsOf([a.id]))[0]!.lastStatusAt, '2026-02-03T00:00:00.000Z', 'the newest is the one before');
    await store.activities.deleteByUri(made[0]!.uri);
    await check('an older one removed');
    await store.activities.deleteAllOf(b.id, 2);
    await check('part of an erasure');
    await store.activities.deleteAllOf(b.id);
    await check('the whole erasure');
    t.same((await store.actors.countsOf([b.id]))[0], { actorId: b.id, followers: 0, following: 0, statuses: 0, lastStatusAt: null });
    await put('Create', b, '2026-04-01T00:00:00.000Z');
    await check('posting again after erasure');
  });

  t.test('batch reads: statuses.facts, objects.getByIds/getByUris and media.listByObjects answer as the single reads', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const b = await putActor(store, 'b', 'b.example');
    const parent = await post(store, b);
    const p1 = await post(store, a, { inReplyToUri: parent.uri });
    const p2 = await post(store, a, { inReplyToUri: 'https://unknown.example/1' });
    await post(store, b, { inReplyToUri: p1.uri });
    await post(store, b, { inReplyToUri: p1.uri, visibility: 'private' });
    await post(store, b, { inReplyToUri: p1.uri, deletedAt: '2026-01-02T00:00:00.000Z' });
    const react = (type: string, actor: Actor, uri: string) => store.activities.put({ id: newId(), uri: `https://act/${newId()}`, type, actorId: actor.id, objectUri: uri, local: false, public: false, createdAt: '2026-01-01T00:00:00.000Z', data: null });
    await react('Like', b, p1.uri);
    await react('Like', a, p1.uri);
    await react('Announce', b, p1.uri);
    await react('Announce', a, p2.uri);
    await store.statuses.addBookmark({ id: newId(), actorId: a.id, objectId: p2.id, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.relations.putPin({ id: newId(), accountId: a.id, statusId: p1.id, createdAt: '2026-01-01T00:00:00.000Z' });
    const facts = await store.statuses.facts([p1, p2, parent], a.id);
    t.same(facts.map((f) => f.objectId), [p1.id, p2.id, parent.id], 'one per object, in order');
    t.same(facts[0], { objectId: p1.id, parentId: parent.id, parentActorId: b.id, replies: 1, reblogs: 1, favourites: 2, favourited: true, reblogged: false, bookmarked: false, pinned: true });
    t.same(facts[1], { objectId: p2.id, parentId: null, parentActorId: null, replies: 0, reblogs: 1, favourites: 0, favourited: false, reblogged: true, bookmarked: true, pinned: false });
    t.same(facts[2]!.replies, 1);
    for (const [i, o] of [p1, p2, parent].entries()) {
      t.equal(facts[i]!.replies, await store.statuses.countReplies(o.uri), 'replies as countReplies');
      t.equal(facts[i]!.favourites, await store.activities.countByObject(o.uri, 'Like'));
      t.equal(facts[i]!.reblogs, await store.activities.countByObject(o.uri, 'Announce'));
      t.equal(facts[i]!.bookmarked, await store.statuses.isBookmarked(a.id, o.id));
    }
    const anonymous = await store.statuses.facts([p1], null);
    t.same([anonymous[0]!.favourited, anonymous[0]!.reblogged, anonymous[0]!.bookmarked, anonymous[0]!.pinned, anonymous[0]!.favourites], [false, false, false, false, 2], 'no viewer, no marks');
    t.same(await store.statuses.facts([], a.id), []);

    t.same(byId(await store.objects.getByIds([p1.id, p2.id, 'nothing', p1.id])).map((o) => o.id), byId([p1, p2]).map((o) => o.id));
    t.same((await store.objects.getByIds([p1.id]))[0], await store.objects.getById(p1.id));
    t.same(byId(await store.objects.getByUris([parent.uri, 'https://none/1'])), [await store.objects.getByUri(parent.uri)]);

    const m = (id: string, objectId: string | null) => store.media.put({ id, ownerActorId: a.id, fileName: `${id}.png`, contentType: 'image/png', kind: 'image', size: 1, width: null, height: null, description: null, focusX: 0, focusY: 0, objectId, createdAt: '2026-01-01T00:00:00.000Z' });
    const ids = [newId(), newId(), newId(), newId()];
    await m(ids[2]!, p2.id);
    await m(ids[0]!, p1.id);
    await m(ids[1]!, p1.id);
    await m(ids[3]!, null);
    const media = await store.media.listByObjects([p1.id, p2.id, 'none']);
    t.same(media.map((x) => x.id), ids.slice(0, 3), 'attached uploads in upload order');
    t.same(media.filter((x) => x.objectId === p1.id), await store.media.listByObject(p1.id));
    t.same(await store.media.listByObjects([]), []);
  });

  t.test('batch reads: solutions.getByUris, getAdoptionsByUris and newestOfActors answer as the single reads', async (t) => {
    const store = await fresh();
    const [a, b, c] = [await putActor(store, 'a', null), await putActor(store, 'b', 'b.example'), await putActor(store, 'c', 'c.example')];
    let n = 0;
    const put = (actor: Actor, publishedAt: string, deletedAt: string | null = null) => store.solutions.put({
      id: newId(), uri: `https://s.test/solutions/${++n}`, actorId: actor.id, authorId: null, local: actor.domain === null, url: null, origin: actor.domain ?? 'local.test',
      revision: 1, publishedAt, updatedAt: null, deletedAt, repliesCount: 0, fields: { title: `T${n}`, summary: 'S', problem: 'P', approach: 'A', language: 'en' },
    });
    const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();
    const s = await put(a, day(1));
    t.same(await store.solutions.getByUris([s.uri, 'https://s.test/none']), [await store.solutions.getByUri(s.uri)]);
    t.same(await store.solutions.getByUris([]), []);
    // b: days 5, 3, 9 (and a deleted newest); c: days 4, 9 (a tie on day 9, broken by id).
    await put(b, day(5)); await put(b, day(3)); await put(b, day(9)); await put(b, day(20), day(21));
    await put(c, day(4)); await put(c, day(9));
    for (const limit of [1, 2, 3, 10]) {
      const merged = [...await store.solutions.listByActor(b.id, { limit }), ...await store.solutions.listByActor(c.id, { limit })]
        .sort((x, y) => y.publishedAt.localeCompare(x.publishedAt) || (y.id.length - x.id.length) || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0)).slice(0, limit);
      t.same((await store.solutions.newestOfActors([b.id, c.id, 'nobody'], limit)).map((x) => x.id), merged.map((x) => x.id), `the newest ${limit} of two agencies, as listByActor merged`);
    }
    t.same(await store.solutions.newestOfActors([], 5), []);
    t.same(await store.solutions.newestOfActors([b.id], 0), []);
    const adoption = { id: newId(), uri: 'https://x.test/adoptions/1', solutionUri: s.uri, adopterId: b.id, local: false, revision: 1, status: 'in-use' as const, note: '', language: null, results: [], startedAt: null, at: day(2), createdAt: day(2), history: [] };
    await store.solutions.putAdoption(adoption);
    t.same(await store.solutions.getAdoptionsByUris([adoption.uri, 'https://x.test/none']), [await store.solutions.getAdoptionByUri(adoption.uri)]);
    t.same(await store.solutions.getAdoptionsByUris([]), []);
  });

  t.test('batch reads: relations.viewerSets answers as the four single reads', async (t) => {
    const store = await fresh();
    const [a, b, c, d] = [await putActor(store, 'a', null), await putActor(store, 'b', 'b.example'), await putActor(store, 'c', 'c.example'), await putActor(store, 'd', 'd.example')];
    const at = '2026-01-01T00:00:00.000Z';
    await store.relations.putBlock({ id: newId(), accountId: a.id, targetId: b.id, uri: 'https://l/blocks/1', createdAt: at });
    await store.relations.putBlock({ id: newId(), accountId: c.id, targetId: a.id, uri: 'https://c/blocks/1', createdAt: at });
    await store.relations.putMute({ id: newId(), accountId: a.id, targetId: c.id, notifications: true, expiresAt: null, createdAt: at });
    await store.relations.putMute({ id: newId(), accountId: a.id, targetId: d.id, notifications: false, expiresAt: '2026-01-02T00:00:00.000Z', createdAt: at });
    await store.relations.putDomainBlock({ id: newId(), accountId: a.id, domain: 'spam.example', createdAt: at });
    const now = '2026-01-01T12:00:00.000Z';
    const sets = await store.relations.viewerSets(a.id, now, 100);
    t.same(sets.blocking, await store.relations.blockedIds(a.id, 100));
    t.same(sets.blockedBy, await store.relations.blockerIds(a.id, 100));
    t.same(sets.mutes, (await store.relations.activeMutes(a.id, now, 100)).map((m) => ({ targetId: m.targetId, notifications: m.notifications })));
    t.same(sets.domains, ['spam.example']);
    t.same(sets.mutes.map((m) => m.targetId).sort(), [c.id, d.id].sort());
    t.same((await store.relations.viewerSets(a.id, '2026-01-03T00:00:00.000Z', 100)).mutes, [{ targetId: c.id, notifications: true }], 'expired mutes left out');
    t.same(await store.relations.viewerSets(d.id, now, 100), { blocking: [], blockedBy: [], mutes: [], domains: [] });
  });

  t.test('batch reads: lists longer than one batch are read whole', async (t) => {
    const store = await fresh();
    const a = await putActor(store, 'a', null);
    const posts: StoredObject[] = [];
    await store.transaction(async (tx) => { for (let i = 0; i < 520; i++) posts.push(await post(tx, a)); });
    t.equal((await store.objects.getByIds(posts.map((p) => p.id))).length, 520);
    t.equal((await store.statuses.facts(posts, a.id)).length, 520);
  });
};

export default suite;
