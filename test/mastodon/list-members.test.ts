import t from 'tap';
// @ts-expect-error the ws package ships no types here (as in streaming.test.ts)
import WebSocket from 'ws';
import { createRestAPIClient } from 'masto';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { findActor } from '../../src/domain/follows/follows.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { PASSWORD } from './helpers.js';

/**
 * List members and list timelines through masto against two real instances: a local and a
 * remote member (followed over real signed HTTP), Mastodon's refusals, paging, replies policy,
 * the lists an account is on, and unfollowing taking the account off the lists.
 */
t.test('list members and list timelines with masto, local and remote members', async (t) => {
  const a = await testInstance(t, 'la');
  const b = await testInstance(t, 'lb');
  const base = `http://127.0.0.1:${a.port}`;
  const client = async (inst: typeof a, name: string) => {
    await createAccount(inst.it.deps, { username: name, password: PASSWORD, displayName: name });
    return createRestAPIClient({ url: `http://127.0.0.1:${inst.port}`, accessToken: (await createPersonalToken(inst.it.deps, name, ['read', 'write', 'follow'])).token });
  };
  const anna = await client(a, 'anna');
  const ben = await client(a, 'ben');
  const cara = await client(a, 'cara');
  const bob = await client(b, 'bob');
  const benId = (await ben.v1.accounts.verifyCredentials()).id;
  const caraId = (await cara.v1.accounts.verifyCredentials()).id;
  const bobHere = await findActor(a.it.fed, `bob@${b.domain}`);

  const list = await anna.v1.lists.create({ title: 'Partner agencies', repliesPolicy: 'list' } as never);
  const annaToken = (await createPersonalToken(a.it.deps, 'anna', ['read', 'write', 'follow'])).token;
  const raw = (method: string, path: string, body?: unknown) => fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${annaToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });

  await t.test('refusals as Mastodon: not followed, unknown, missing ids, already there, another\'s list', async (t) => {
    const notFollowed = await raw('POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [benId] });
    t.equal(notFollowed.status, 404);
    t.same(await notFollowed.json(), { error: 'Record not found' });
    t.equal((await raw('POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: ['123456'] })).status, 404);
    const missing = await raw('POST', `/api/v1/lists/${list.id}/accounts`, {});
    t.equal(missing.status, 400);
    t.same(await missing.json(), { error: 'param is missing or the value is empty: account_ids' });
    const wrongType = await raw('POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: { x: 1 } });
    t.equal(wrongType.status, 422, 'a wrong type is refused, never coerced');
    await anna.v1.accounts.$select(benId).follow();
    await anna.v1.lists.$select(list.id).accounts.create({ accountIds: [benId] });
    const again = await raw('POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [benId] });
    t.equal(again.status, 422);
    t.same(await again.json(), { error: 'Validation failed: Account has already been taken' });
    const otherList = await ben.v1.lists.create({ title: 'Ben only' });
    t.equal((await raw('GET', `/api/v1/lists/${otherList.id}/accounts`)).status, 404);
    t.equal((await raw('POST', `/api/v1/lists/${otherList.id}/accounts`, { account_ids: [benId] })).status, 404);
  });

  await t.test('members: a remote account too, newest first, paged by Link, limit=0 for all', async (t) => {
    await anna.v1.accounts.$select(caraId).follow();
    await anna.v1.accounts.$select(bobHere.id).follow();
    await eventually('b accepted', async () => (await anna.v1.accounts.relationships.fetch({ id: [bobHere.id] }))[0]?.following);
    // Form encoding with account_ids[] (what many apps send).
    const form = await fetch(`${base}/api/v1/lists/${list.id}/accounts`, {
      method: 'POST', headers: { authorization: `Bearer ${annaToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `account_ids[]=${caraId}&account_ids[]=${bobHere.id}`,
    });
    t.equal(form.status, 200);
    t.same(await form.json(), {});
    const members = await anna.v1.lists.$select(list.id).accounts.list();
    t.same(members.map((m) => m.acct), [`bob@${b.domain}`, 'cara', 'ben']);
    t.match(members[0], { id: bobHere.id, username: 'bob', url: /^http:\/\/127\.0\.0\.1:/, followersCount: 1 });
    const first = await raw('GET', `/api/v1/lists/${list.id}/accounts?limit=2`);
    t.match(first.headers.get('link'), /rel="next"/);
    const pages: string[][] = [];
    for await (const page of anna.v1.lists.$select(list.id).accounts.list({ limit: 2 })) {
      pages.push(page.map((m) => m.username));
      if (pages.length > 5) break;
    }
    t.same(pages, [['bob', 'cara'], ['ben']]);
    const all = await raw('GET', `/api/v1/lists/${list.id}/accounts?limit=0`);
    t.equal(((await all.json()) as unknown[]).length, 3);
    t.equal(all.headers.get('link'), null, 'limit=0: no paging');
    t.same((await anna.v1.accounts.$select(caraId).lists.list()).map((l: { title: string }) => l.title), ['Partner agencies']);
    t.same(await ben.v1.accounts.$select(caraId).lists.list(), [], "only one's own lists");
  });

  await t.test('the list timeline: members\' posts, local and remote; replies policy; not others', async (t) => {
    const benPost = await ben.v1.statuses.create({ status: 'Ben on the list', visibility: 'public' });
    const bobPost = await bob.v1.statuses.create({ status: 'Bob from B on the list', visibility: 'public' });
    await anna.v1.statuses.create({ status: 'Anna is the owner, not on it', visibility: 'public' });
    const stranger = await client(a, 'dora');
    await anna.v1.accounts.$select((await stranger.v1.accounts.verifyCredentials()).id).follow();
    const doraPost = await stranger.v1.statuses.create({ status: 'Dora is followed, not on the list', visibility: 'public' });
    const replyToMember = await cara.v1.statuses.create({ status: '@ben agreed', inReplyToId: benPost.id, visibility: 'public' });
    const replyToOutsider = await cara.v1.statuses.create({ status: '@dora not for the list', inReplyToId: doraPost.id, visibility: 'public' });
    const inList = await eventually("bob's post arrives", async () => {
      const page = await anna.v1.timelines.list.$select(list.id).list({ limit: 40 });
      return page.some((s) => s.uri === bobPost.uri) ? page : undefined;
    }, 15_000);
    const texts = inList.map((s) => s.content);
    t.ok(texts.some((c) => /Ben on the list/.test(c)));
    t.ok(texts.some((c) => /agreed/.test(c)), 'a reply to a member (replies_policy list)');
    t.notOk(inList.some((s) => s.id === replyToOutsider.id), 'a reply to someone not on the list is left out');
    t.notOk(texts.some((c) => /Anna is the owner|Dora is followed/.test(c)), "the owner's and non-members' posts are not in it");
    t.equal(inList.find((s) => s.id === replyToMember.id)?.inReplyToId, benPost.id);
    await anna.v1.lists.$select(list.id).update({ title: 'Partner agencies', repliesPolicy: 'followed' } as never);
    t.ok((await anna.v1.timelines.list.$select(list.id).list({ limit: 40 })).some((s) => s.id === replyToOutsider.id), 'followed: a reply to someone anna follows');
    await anna.v1.lists.$select(list.id).update({ title: 'Partner agencies', repliesPolicy: 'none' } as never);
    t.notOk((await anna.v1.timelines.list.$select(list.id).list({ limit: 40 })).some((s) => s.inReplyToId), 'none: no replies to others');
    const paged = await raw('GET', `/api/v1/timelines/list/${list.id}?limit=1`);
    t.match(paged.headers.get('link'), /max_id=\d+>; rel="next"/);
  });

  await t.test('the list stream, and exclusive lists keeping members out of home', async (t) => {
    const ws = new WebSocket(`ws://127.0.0.1:${a.port}/api/v1/streaming?stream=list&list=${list.id}`, [annaToken]);
    const got: Array<{ stream: string[]; event: string; payload: string }> = [];
    const errors: Array<{ error: string; status: number }> = [];
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(String(data));
      if (m.error) errors.push(m);
      else got.push(m);
    });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    t.teardown(() => ws.close());
    ws.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: '1' }));
    await eventually('a list that is not hers is refused', () => errors.length > 0, 5000);
    t.same(errors[0], { error: 'Not authorized to stream this list', status: 401 });
    await new Promise((r) => setTimeout(r, 100));
    const fromMember = await ben.v1.statuses.create({ status: 'Streamed to the list', visibility: 'public' });
    await eventually('the member\'s post on the list stream', () => got.some((m) => m.event === 'update' && JSON.parse(m.payload).id === fromMember.id), 5000);
    t.same(got.find((m) => m.event === 'update')!.stream, ['list', list.id]);
    const beforeExclusive = await anna.v1.timelines.home.list({ limit: 40 });
    t.ok(beforeExclusive.some((s) => s.id === fromMember.id), 'in home while the list is not exclusive');
    await anna.v1.lists.$select(list.id).update({ title: 'Partner agencies', exclusive: true, repliesPolicy: 'list' } as never);
    const home = await anna.v1.timelines.home.list({ limit: 40 });
    t.notOk(home.some((s) => s.account.id === benId), 'exclusive: members\' posts leave home');
    t.ok((await anna.v1.timelines.list.$select(list.id).list({ limit: 40 })).some((s) => s.id === fromMember.id), 'and stay in the list');
    await anna.v1.lists.$select(list.id).update({ title: 'Partner agencies', exclusive: false, repliesPolicy: 'list' } as never);
    t.ok((await anna.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === fromMember.id), 'back in home when not exclusive');
  });

  await t.test('removing and unfollowing take accounts off the list', async (t) => {
    await anna.v1.lists.$select(list.id).accounts.remove({ accountIds: [benId] });
    t.same((await anna.v1.lists.$select(list.id).accounts.list()).map((m) => m.username), ['bob', 'cara']);
    t.notOk((await anna.v1.timelines.list.$select(list.id).list({ limit: 40 })).some((s) => /Ben on the list/.test(s.content)), "a removed member's posts leave the list");
    await anna.v1.accounts.$select(caraId).unfollow();
    t.same((await anna.v1.lists.$select(list.id).accounts.list()).map((m) => m.username), ['bob'], 'unfollowed: off the list');
    t.same(await anna.v1.accounts.$select(caraId).lists.list(), []);
    await anna.v1.lists.$select(list.id).remove();
    t.equal((await raw('GET', `/api/v1/lists/${list.id}/accounts`)).status, 404);
  });
});
