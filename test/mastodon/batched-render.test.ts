import t from 'tap';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { countingStore, type StoreCallCounter } from '../../src/store/counting.js';
import { Urls } from '../../src/urls.js';
import type { Deps } from '../../src/domain/deps.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { publishApproved } from '../../src/domain/solutions/publish.js';
import { homeTimeline } from '../../src/domain/statuses/timelines.js';
import { visibleFor, visibleNotifications } from '../../src/domain/relations/filter.js';
import { newId } from '../../src/ids.js';
import type { Actor, Store, StoredObject } from '../../src/store/port.js';
import { tempDir, testConfig } from '../helpers/config.js';
import { putRemoteActor } from '../helpers/actors.js';
import { fullSolution } from '../solutions/fixtures.js';
import { PerStatusPresenter } from './fixtures/per-status-presenter.js';

/**
 * The batched presenter (one query per kind of data per page) against the per-status presenter it
 * replaced, on a home timeline and notifications of every kind of post: the JSON must be the same
 * and the number of store calls must not grow with the page.
 */

interface World {
  app: FastifyInstance;
  deps: Deps;
  /** The same store uncounted, for the oracle and for setting up. */
  raw: Store;
  counter: StoreCallCounter;
  anna: Actor;
  token: string;
  boToken: string;
}

async function world(tt: Parameters<typeof tempDir>[0]): Promise<World> {
  const config = testConfig(tempDir(tt), { rateLimits: { enabled: false } });
  const raw = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  tt.teardown(() => raw.close());
  const { store, counter } = countingStore(raw);
  const deps: Deps = { config, store, urls: new Urls(config), log: createLogger('silent'), now: () => new Date() };
  await ensureFirstStart(deps);
  const anna = (await createAccount(deps, { username: 'anna', password: 'correct horse battery' })).actor;
  await createAccount(deps, { username: 'bo', password: 'correct horse battery' });
  const token = (await createPersonalToken(deps, 'anna', ['read', 'write', 'follow'])).token;
  const boToken = (await createPersonalToken(deps, 'bo', ['read', 'write', 'follow'])).token;
  const app = await buildApp(deps);
  tt.teardown(() => app.close());
  return { app, deps, raw, counter, anna, token, boToken };
}

const api = async (w: World, method: 'GET' | 'POST', url: string, payload?: object, token = w.token) => {
  const r = await w.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
};

let n = 0;
async function remotePost(store: Store, actor: Actor, over: Partial<StoredObject> & { data?: Record<string, unknown> } = {}): Promise<StoredObject> {
  const uri = `${actor.uri}/statuses/${++n}`;
  const { data, ...rest } = over;
  const object = await store.objects.put({
    id: newId(), uri, type: 'Note', actorId: actor.id, local: false, url: uri, inReplyToUri: null, visibility: 'public', language: 'da',
    publishedAt: new Date().toISOString(), updatedAt: null, deletedAt: null,
    data: { id: uri, type: over.type ?? 'Note', content: `<p>post ${n}</p>`, attributedTo: actor.uri, ...data }, ...rest,
  });
  await store.activities.put({ id: newId(), uri: `${uri}/activity`, type: 'Create', actorId: actor.id, objectUri: uri, local: false, public: true, createdAt: object.publishedAt, data: null });
  return object;
}

async function populate(w: World): Promise<void> {
  const store = w.raw;
  const now = new Date().toISOString();
  const [bob, carl, muted, blocked] = [
    await putRemoteActor(store, 'bob', 'b.example'), await putRemoteActor(store, 'carl', 'c.example'),
    await putRemoteActor(store, 'mute', 'm.example'), await putRemoteActor(store, 'block', 'x.example'),
  ];
  for (const a of [bob, carl, muted, blocked]) {
    await store.follows.put({ id: newId(), uri: `https://local/follows/${a.id}`, followerId: w.anna.id, followeeId: a.id, state: 'accepted', createdAt: now, updatedAt: now });
  }
  await store.follows.put({ id: newId(), uri: 'https://c.example/follows/1', followerId: carl.id, followeeId: bob.id, state: 'accepted', createdAt: now, updatedAt: now });
  const mention = await remotePost(store, bob, { data: { content: '<p>@anna @carl hej #samspil</p>', tag: [
    { type: 'Mention', href: w.anna.uri, name: '@anna' }, { type: 'Mention', href: carl.uri, name: '@carl@c.example' }, { type: 'Hashtag', name: '#Samspil' },
  ] } });
  const reply = await remotePost(store, carl, { inReplyToUri: mention.uri, data: { content: '<p>svar</p>', summary: 'CW' } });
  await remotePost(store, carl, { inReplyToUri: reply.uri });
  await remotePost(store, bob, { data: { attachment: [{ type: 'Document', mediaType: 'image/png', url: 'https://b.example/a.png', name: 'et billede', width: 40, height: 30 }] } });
  await remotePost(store, bob, { type: 'Article', data: { type: 'Article', name: 'Et fjernt Article', summary: 'Kort', url: 'https://b.example/a/1' } });
  await remotePost(store, bob, { visibility: 'private' });
  await remotePost(store, bob, { inReplyToUri: 'https://unknown.example/1' });
  // A boost by carl of bob's post, and posts by accounts anna mutes and blocks (and one mentioning the muted one).
  await store.activities.put({ id: newId(), uri: 'https://c.example/boosts/1', type: 'Announce', actorId: carl.id, objectUri: mention.uri, local: false, public: true, createdAt: now, data: null });
  await store.activities.put({ id: newId(), uri: 'https://c.example/likes/1', type: 'Like', actorId: carl.id, objectUri: mention.uri, local: false, public: false, createdAt: now, data: null });
  await remotePost(store, muted);
  await remotePost(store, blocked);
  await remotePost(store, carl, { data: { tag: [{ type: 'Mention', href: muted.uri }] } });
  await api(w, 'POST', `/api/v1/accounts/${muted.id}/mute`);
  await api(w, 'POST', `/api/v1/accounts/${blocked.id}/block`);
  // Anna's own: with an upload (the media row as an upload leaves it), pinned, boosted and bookmarked posts of others.
  const media = await store.media.put({ id: newId(), ownerActorId: w.anna.id, fileName: 'x.png', contentType: 'image/png', kind: 'image', size: 10, width: 4, height: 3, description: 'alt', focusX: 0.5, focusY: -0.5, objectId: null, createdAt: now });
  const own = await api(w, 'POST', '/api/v1/statuses', { status: 'med billede #Samspil', media_ids: [media.id] });
  await api(w, 'POST', `/api/v1/statuses/${own.id}/pin`);
  await api(w, 'POST', '/api/v1/statuses', { status: 'svar til mig selv', in_reply_to_id: own.id });
  await api(w, 'POST', `/api/v1/statuses/${mention.id}/favourite`);
  await api(w, 'POST', `/api/v1/statuses/${mention.id}/bookmark`);
  await api(w, 'POST', `/api/v1/statuses/${reply.id}/reblog`);
  // A solution of the agency (an Article with its record), in anna's home through the agency feed.
  const fed = createFederation(w.deps);
  const agency = (await store.actors.getByUsername(w.deps.config.instance.agencyUsername, null))!;
  await publishApproved(fed, agency, fullSolution());
  // Bo (local) reacts to anna: favourite, boost, mention, follow: notifications of each kind.
  await api(w, 'POST', `/api/v1/statuses/${own.id}/favourite`, undefined, w.boToken);
  await api(w, 'POST', `/api/v1/statuses/${own.id}/reblog`, undefined, w.boToken);
  await api(w, 'POST', '/api/v1/statuses', { status: '@anna se her' }, w.boToken);
  await api(w, 'POST', `/api/v1/accounts/${w.anna.id}/follow`, undefined, w.boToken);
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

t.test('home timeline: the batched page equals the per-status rendering, in a bounded number of store calls', async (t) => {
  const w = await world(t);
  await populate(w);
  const oracleDeps: Deps = { ...w.deps, store: w.raw };
  const { entries } = await homeTimeline(oracleDeps, w.anna, { limit: 40 });
  const shown = await visibleFor(oracleDeps, w.anna, entries, 'home');
  const expected = plain(await new PerStatusPresenter(oracleDeps, w.anna).entries(shown));
  t.ok(expected.length >= 10, `a varied page (${expected.length} statuses)`);
  t.ok(expected.some((s: { reblog: unknown }) => s.reblog), 'with boosts');
  t.ok(expected.some((s: { in_reply_to_id: unknown }) => s.in_reply_to_id), 'with replies');
  type Media = { remote_url: string | null; meta: { focus?: { x: number } } };
  t.ok(expected.some((s: { media_attachments: Media[] }) => s.media_attachments.some((m) => m.meta.focus?.x === 0.5)), 'with an upload');
  t.ok(expected.some((s: { media_attachments: Media[] }) => s.media_attachments.some((m) => m.remote_url)), 'with linked media');
  t.ok(expected.some((s: { favourited?: boolean; bookmarked?: boolean }) => s.favourited && s.bookmarked), 'favourited and bookmarked by the viewer');
  t.ok(expected.some((s: { pinned?: boolean }) => s.pinned), 'with a pinned post');
  t.ok(expected.some((s: { card: unknown }) => s.card), 'with Articles');
  t.ok(expected.some((s: { mentions: unknown[] }) => s.mentions.length === 2), 'with mentions');
  t.notOk(expected.some((s: { account: { acct: string } }) => ['mute@m.example', 'block@x.example'].includes(s.account.acct)), 'muted and blocked accounts left out');

  w.counter.reset();
  const page = await api(w, 'GET', '/api/v1/timelines/home?limit=40');
  const big = w.counter.total;
  const calls = [...w.counter.byMethod.entries()].map(([k, v]) => `${k}x${v}`).join(' ');
  t.same(page, expected, 'the same JSON as the per-status presenter');
  // The feed read, then at most one query per kind of data for the whole page (accounts with the
  // mentioned ones, their counts, the posts' facts and the viewer's marks, uploads, solutions).
  const rendering = ['actors.countsOf', 'statuses.facts', 'media.listByObjects', 'solutions.getByUris'];
  for (const method of rendering) t.equal(w.counter.byMethod.get(method), 1, `${method} once per page (${calls})`);
  // actors.getMany: the page's accounts, and (home's mute rule) the muted and blocked accounts' URIs.
  t.equal(w.counter.byMethod.get('actors.getMany'), 2, 'accounts in one read');
  t.notOk([...w.counter.byMethod.keys()].some((k) => ['actors.getByUri', 'activities.countByObject', 'statuses.countReplies', 'activities.find', 'statuses.isBookmarked', 'objects.getByUri'].includes(k)), `no per-status reads (${calls})`);
  t.ok(big <= 18, `${big} store calls for the whole request, authentication and the viewer's relations included`);

  w.counter.reset();
  await api(w, 'GET', '/api/v1/timelines/home?limit=3');
  t.ok(w.counter.total <= big, `store calls do not grow with the page: ${w.counter.total} for 3, ${big} for ${page.length}`);

  // Each entry is what the single-status endpoint answers for its id.
  for (const s of page) t.same(await api(w, 'GET', `/api/v1/statuses/${s.id}`), s, `GET /statuses/${s.id}`);
});

t.test('notifications: the batched list equals the per-notification rendering, in a bounded number of store calls', async (t) => {
  const w = await world(t);
  await populate(w);
  const oracleDeps: Deps = { ...w.deps, store: w.raw };
  const stored = await visibleNotifications(oracleDeps, w.anna, await w.raw.notifications.list(w.anna.id, {}, { limit: 40 }));
  const oracle = new PerStatusPresenter(oracleDeps, w.anna);
  const expected = plain((await Promise.all(stored.map((x) => oracle.notification(x)))).filter(Boolean));
  t.ok(new Set(expected.map((x: { type: string }) => x.type)).size >= 4, `notifications of several types (${expected.map((x: { type: string }) => x.type).join(', ')})`);

  w.counter.reset();
  const list = await api(w, 'GET', '/api/v1/notifications?limit=40');
  const big = w.counter.total;
  t.same(list, expected, 'the same JSON as one notification at a time');
  w.counter.reset();
  await api(w, 'GET', '/api/v1/notifications?limit=1');
  t.ok(w.counter.total <= big && big <= 16, `store calls do not grow with the list (${w.counter.total} for 1, ${big} for ${list.length})`);
  t.notOk(w.counter.byMethod.has('objects.getById'), 'the posts in one read');

  w.counter.reset();
  const grouped = await api(w, 'GET', '/api/v2/notifications?limit=40');
  const groupedCalls = w.counter.total;
  t.ok(grouped.notification_groups.length >= 3, 'grouped notifications');
  w.counter.reset();
  await api(w, 'GET', '/api/v2/notifications?limit=1');
  t.ok(w.counter.total <= groupedCalls && groupedCalls <= 14, `grouped: store calls do not grow with the page (${w.counter.total} for 1, ${groupedCalls} for ${grouped.notification_groups.length} groups)`);
});

t.test('a thread: its context costs the same store calls with six replies or eighteen, and renders as single statuses do', async (t) => {
  const w = await world(t);
  const store = w.raw;
  const now = new Date().toISOString();
  const bob = await putRemoteActor(store, 'bob', 'b.example');
  const carl = await putRemoteActor(store, 'carl', 'c.example');
  const blocker = await putRemoteActor(store, 'blocker', 'x.example');
  await store.follows.put({ id: newId(), uri: 'https://local/follows/bob', followerId: w.anna.id, followeeId: bob.id, state: 'accepted', createdAt: now, updatedAt: now });
  await store.relations.putBlock({ id: newId(), accountId: blocker.id, targetId: w.anna.id, uri: 'https://x.example/blocks/1', createdAt: now });
  const thread = async (replies: number) => {
    const root = await remotePost(store, bob);
    const shown: string[] = [];
    for (let i = 0; i < replies; i++) {
      const author = [bob, carl, blocker][i % 3]!;
      // Followers-only from bob (anna follows him), from carl (she does not): seen and not seen.
      const r = await remotePost(store, author, { inReplyToUri: root.uri, visibility: i % 2 ? 'private' : 'public' });
      if (author !== blocker && (r.visibility === 'public' || author === bob)) shown.push(r.id);
    }
    return { root, shown };
  };
  const costOf = async (id: string) => {
    w.counter.reset();
    const ctx = await api(w, 'GET', `/api/v1/statuses/${id}/context`);
    return { ctx, calls: w.counter.total, methods: [...w.counter.byMethod].map(([k, v]) => `${k}x${v}`).join(' ') };
  };
  // Six replies hold every (author, visibility) pair once; eighteen, three times.
  const small = await thread(6);
  const large = await thread(18);
  await costOf(small.root.id); // the token's first use of the minute is touched (writes): not the thread's cost
  const a = await costOf(small.root.id);
  const b = await costOf(large.root.id);
  t.same(b.ctx.descendants.map((s: { id: string }) => s.id).sort(), large.shown.sort(), 'visible replies only: none of the account that blocks the viewer, no followers-only post of an account not followed');
  t.equal(b.calls, a.calls, `store calls do not grow with the replies (${a.calls} for 6, ${b.calls} for 18: ${b.methods})`);
  for (const s of b.ctx.descendants) t.same(await api(w, 'GET', `/api/v1/statuses/${s.id}`), s, `reply ${s.id} as its own status`);
});
