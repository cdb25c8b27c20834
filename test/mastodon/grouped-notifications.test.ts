import t from 'tap';
import { createRestAPIClient, MastoHttpError } from 'masto';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { testInstance } from '../helpers/instances.js';
import { PASSWORD } from './helpers.js';

type Json = Record<string, any>;
/** masto types grouped_types/types as the groupable ones only; Mastodon takes every type. */
const types = (...names: string[]) => names as never;

/** Grouping windows are 12 hours of the epoch: do not start a scenario within a minute of a window's end. */
async function awayFromWindowEdge(): Promise<void> {
  const span = 12 * 3_600_000;
  const left = span - (Date.now() % span);
  if (left < 60_000) await new Promise((r) => setTimeout(r, left + 1000));
}

/**
 * Grouped notifications (Mastodon 4.3's /api/v2/notifications), their unread count and the
 * notification policy, through the real `masto` client against a real instance on 127.0.0.1.
 */
t.test('grouped notifications, group fetch and dismiss, unread count, policy, with masto', async (t) => {
  await awayFromWindowEdge();
  const inst = await testInstance(t, 'gn');
  const { deps } = inst.it;
  const base = `http://127.0.0.1:${inst.port}`;
  const names = ['anna', 'ben', 'cara', 'dave', 'eve'] as const;
  const c: Record<string, ReturnType<typeof createRestAPIClient>> = {};
  const tokens: Record<string, string> = {};
  for (const n of names) {
    await createAccount(deps, { username: n, password: PASSWORD, displayName: n.toUpperCase() });
    tokens[n] = (await createPersonalToken(deps, n, ['read', 'write', 'follow'])).token;
    c[n] = createRestAPIClient({ url: base, accessToken: tokens[n] });
  }
  const id: Record<string, string> = {};
  for (const n of names) id[n] = (await c[n]!.v1.accounts.verifyCredentials()).id;

  const post = await c.anna!.v1.statuses.create({ status: 'Our SMS reminder halved no-shows', visibility: 'public' });
  const other = await c.anna!.v1.statuses.create({ status: 'Second post', visibility: 'public' });
  await c.ben!.v1.statuses.$select(post.id).favourite();
  await c.cara!.v1.statuses.$select(post.id).favourite();
  await c.dave!.v1.statuses.$select(post.id).favourite();
  await c.ben!.v1.statuses.$select(post.id).reblog();
  await c.ben!.v1.statuses.$select(other.id).favourite();
  await c.ben!.v1.accounts.$select(id.anna!).follow();
  await c.cara!.v1.accounts.$select(id.anna!).follow();
  const mention = await c.dave!.v1.statuses.create({ status: '@anna can we reuse it?', visibility: 'public' });

  await t.test('the page: one group per post and type, follows together, mentions alone; accounts and statuses beside', async (t) => {
    const page = await c.anna!.v2.notifications.list();
    const groups = page.notificationGroups as Json[];
    t.same(groups.map((g) => [g.type, g.notificationsCount]), [['mention', 1], ['follow', 2], ['favourite', 1], ['reblog', 1], ['favourite', 3]], 'newest group first');
    const favs = groups[4]!;
    t.equal(favs.statusId, post.id);
    t.same(favs.sampleAccountIds, [id.dave, id.cara, id.ben], 'sample accounts newest first');
    t.match(favs.groupKey, new RegExp(`^favourite-${post.id}-\\d+$`));
    t.ok(BigInt(favs.pageMinId) < BigInt(favs.pageMaxId) && favs.pageMaxId === favs.mostRecentNotificationId);
    t.equal(new Date(favs.latestPageNotificationAt).toISOString(), favs.latestPageNotificationAt);
    t.match(groups[0], { type: 'mention', statusId: mention.id, groupKey: /^ungrouped-\d+$/, sampleAccountIds: [id.dave] });
    t.same(groups[1]!.sampleAccountIds, [id.cara, id.ben]);
    t.same(new Set(page.accounts.map((a) => a.id)), new Set([id.ben, id.cara, id.dave]), 'each sample account once');
    t.same(new Set(page.statuses.map((s) => s.id)), new Set([post.id, other.id, mention.id]), 'each status once');
    t.match(page.statuses.find((s) => s.id === post.id), { favouritesCount: 3, account: { id: id.anna } });
    // expand_accounts=partial_avatars: full accounts for each group's first sample, avatars for the others.
    const partial = (await (await fetch(`${base}/api/v2/notifications?expand_accounts=partial_avatars`, { headers: { authorization: `Bearer ${tokens.anna}` } })).json()) as Json;
    const firsts = new Set(partial.notification_groups.map((g: Json) => g.sample_account_ids[0]));
    t.same(new Set(partial.accounts.map((a: Json) => a.id)), firsts);
    t.same(new Set(firsts), new Set([id.ben, id.cara, id.dave]), 'here every sample account comes first in some group');
    t.same(partial.partial_accounts, [], 'so none is partial');
    // The two favourite groups: Ben first on one, Dave first on the other (Cara and Ben after him), so only Cara is partial.
    const favOnly = (await (await fetch(`${base}/api/v2/notifications?expand_accounts=partial_avatars&types[]=favourite`, { headers: { authorization: `Bearer ${tokens.anna}` } })).json()) as Json;
    t.same(favOnly.notification_groups.map((g: Json) => g.sample_account_ids), [[id.ben], [id.dave, id.cara, id.ben]]);
    t.same(new Set(favOnly.accounts.map((a: Json) => a.id)), new Set([id.ben, id.dave]));
    t.same(favOnly.partial_accounts.map((a: Json) => [a.id, Object.keys(a).sort()]), [[id.cara, ['acct', 'avatar', 'avatar_static', 'bot', 'id', 'locked', 'url']]]);
    // The v1 notifications carry the same group keys.
    const v1 = await c.anna!.v1.notifications.list({ limit: 40 });
    const keys = new Set(v1.map((n) => n.groupKey));
    t.same(keys, new Set(groups.map((g) => g.groupKey)));
  });

  await t.test('grouped_types, types and exclude_types', async (t) => {
    const onlyFavGrouped = await c.anna!.v2.notifications.list({ groupedTypes: types('favourite') });
    t.same(onlyFavGrouped.notificationGroups.map((g) => g.type), ['mention', 'follow', 'follow', 'favourite', 'reblog', 'favourite'], 'follows ungrouped when not asked');
    t.ok(onlyFavGrouped.notificationGroups.filter((g) => g.type === 'follow').every((g) => g.groupKey.startsWith('ungrouped-') && g.notificationsCount === 1));
    const lone = onlyFavGrouped.notificationGroups.find((g) => g.type === 'follow')!;
    t.match((await c.anna!.v2.notifications.$select(lone.groupKey).fetch()).notificationGroups, [{ groupKey: lone.groupKey, type: 'follow', notificationsCount: 1 }], 'a follow shown ungrouped is its own group');
    const favs = await c.anna!.v2.notifications.list({ types: types('favourite') });
    t.same(favs.notificationGroups.map((g) => g.notificationsCount), [1, 3]);
    const noFavs = await c.anna!.v2.notifications.list({ excludeTypes: types('favourite', 'reblog') });
    t.same(noFavs.notificationGroups.map((g) => g.type), ['mention', 'follow']);
    const fromBen = await c.anna!.v2.notifications.list({ accountId: id.ben });
    t.same(fromBen.notificationGroups.map((g) => [g.type, g.notificationsCount]), [['follow', 1], ['favourite', 1], ['reblog', 1], ['favourite', 1]]);
  });

  await t.test('paging by Link: masto walks every group once, newest first', async (t) => {
    const r = await fetch(`${base}/api/v2/notifications?limit=2`, { headers: { authorization: `Bearer ${tokens.anna}` } });
    const body = (await r.json()) as Json;
    t.equal(body.notification_groups.length, 2);
    const link = r.headers.get('link')!;
    t.match(link, /max_id=\d+>; rel="next"/);
    t.match(link, /min_id=\d+>; rel="prev"/);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of c.anna!.v2.notifications.list({ limit: 2 })) {
      seen.push(...page.notificationGroups.map((g) => `${g.type}:${g.notificationsCount}`));
      if (++pages > 10) break;
    }
    t.same(seen, ['mention:1', 'follow:2', 'favourite:1', 'reblog:1', 'favourite:3']);
    t.equal(pages, 3);
    // min_id: the groups right after it.
    const oldest = (await c.anna!.v1.notifications.list({ limit: 40 })).at(-1)!;
    const after = await c.anna!.v2.notifications.list({ minId: oldest.id, limit: 1 });
    t.same(after.notificationGroups.map((g) => g.type), ['favourite'], 'the nearest group above min_id');
  });

  await t.test('one group: fetch, its accounts, dismiss; unknown keys', async (t) => {
    const page = await c.anna!.v2.notifications.list({ types: ['follow'] });
    const key = page.notificationGroups[0]!.groupKey;
    const one = await c.anna!.v2.notifications.$select(key).fetch();
    t.match(one.notificationGroups, [{ groupKey: key, type: 'follow', notificationsCount: 2, sampleAccountIds: [id.cara, id.ben] }]);
    t.same((await c.anna!.v2.notifications.$select(key).accounts.fetch()).map((a) => a.acct), ['cara', 'ben']);
    const foreign = await c.ben!.v2.notifications.$select(key).fetch().then(() => undefined, (e: unknown) => e);
    t.match(foreign, { statusCode: 404, message: 'Record not found' }, "another account's group is not found");
    const bogus = await c.anna!.v2.notifications.$select('follow-7').fetch().then(() => undefined, (e: unknown) => e);
    t.ok(bogus instanceof MastoHttpError && bogus.statusCode === 404);
    await c.anna!.v2.notifications.$select(key).dismiss();
    t.same((await c.anna!.v2.notifications.list({ types: ['follow'] })).notificationGroups, []);
    t.equal((await c.anna!.v1.notifications.list({ types: ['follow'] })).length, 0, 'both follow notifications gone');
  });

  await t.test('unread count: groups after the notifications marker (v2), notifications (v1)', async (t) => {
    t.equal((await c.anna!.v2.notifications.unreadCount.fetch()).count, 4);
    t.equal((await c.anna!.v1.notifications.unreadCount.fetch()).count, 6);
    t.equal((await c.anna!.v2.notifications.unreadCount.fetch({ limit: 2 })).count, 2, 'capped by limit');
    const list = await c.anna!.v1.notifications.list({ limit: 40 });
    const reblog = list.find((n) => n.type === 'reblog')!;
    await c.anna!.v1.markers.create({ notifications: { lastReadId: reblog.id } });
    t.equal((await c.anna!.v2.notifications.unreadCount.fetch()).count, 2, 'the groups newer than the marker');
    t.equal((await c.anna!.v1.notifications.unreadCount.fetch()).count, list.findIndex((n) => n.id === reblog.id));
  });

  await t.test('policy: Samspil defaults, partial update, validation, applied to new notifications', async (t) => {
    const initial = await c.anna!.v2.notifications.policy.fetch();
    t.match(initial, { forNotFollowing: 'accept', forNotFollowers: 'accept', forNewAccounts: 'accept', forPrivateMentions: 'accept', forLimitedAccounts: 'accept', summary: { pendingRequestsCount: 0, pendingNotificationsCount: 0 } });
    const updated = await c.anna!.v2.notifications.policy.update({ forNotFollowing: 'drop' });
    t.match(updated, { forNotFollowing: 'drop', forNotFollowers: 'accept' });
    t.match(await c.anna!.v2.notifications.policy.fetch(), { forNotFollowing: 'drop' }, 'stored');
    const bad = await fetch(`${base}/api/v2/notifications/policy`, { method: 'PATCH', headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/json' }, body: JSON.stringify({ for_new_accounts: 'ignore' }) });
    t.equal(bad.status, 422);
    t.match(await bad.json(), { error: /^Validation failed: For new accounts is not included in the list/ });
    const v1 = await fetch(`${base}/api/v1/notifications/policy`, { headers: { authorization: `Bearer ${tokens.anna}` } });
    t.match(await v1.json(), { filter_not_following: true, filter_not_followers: false, filter_new_accounts: false, filter_private_mentions: false });

    // Anna follows Ben; Eve is a stranger. Both favourite: only Ben's reaches her.
    await c.anna!.v1.accounts.$select(id.ben!).follow();
    const fresh = await c.anna!.v1.statuses.create({ status: 'Third post', visibility: 'public' });
    await c.eve!.v1.statuses.$select(fresh.id).favourite();
    await c.ben!.v1.statuses.$select(fresh.id).favourite();
    const onFresh = ((await c.anna!.v2.notifications.list({ types: types('favourite') })).notificationGroups as Json[]).filter((g) => g.statusId === fresh.id);
    t.match(onFresh, [{ notificationsCount: 1, sampleAccountIds: [id.ben] }], 'from someone she does not follow: dropped');

    // for_new_accounts: every account here is minutes old.
    await c.anna!.v2.notifications.policy.update({ forNotFollowing: 'accept', forNewAccounts: 'filter' });
    await c.cara!.v1.statuses.$select(fresh.id).favourite();
    await c.dave!.v1.accounts.$select(id.anna!).follow();
    const after = await c.anna!.v1.notifications.list({ limit: 40 });
    t.notOk(after.some((n) => n.account.id === id.cara && n.status?.id === fresh.id), 'a new account is filtered');
    t.notOk(after.some((n) => n.type === 'follow' && n.account.id === id.dave));
    await c.anna!.v1.notifications.list({ limit: 1 });
    await c.anna!.v2.notifications.policy.update({ forNewAccounts: 'accept' });
    await c.dave!.v1.statuses.$select(fresh.id).favourite();
    t.ok((await c.anna!.v1.notifications.list({ limit: 40 })).some((n) => n.account.id === id.dave && n.status?.id === fresh.id), 'accepting again lets new ones in');

    // for_private_mentions: a direct mention from someone she does not follow; one from Ben (followed) always passes.
    await c.anna!.v2.notifications.policy.update({ forPrivateMentions: 'drop' });
    const fromEve = await c.eve!.v1.statuses.create({ status: '@anna a private word', visibility: 'direct' });
    const fromBen = await c.ben!.v1.statuses.create({ status: '@anna a private word from Ben', visibility: 'direct' });
    const publicFromEve = await c.eve!.v1.statuses.create({ status: '@anna a public word', visibility: 'public' });
    const mentions = (await c.anna!.v1.notifications.list({ types: ['mention'], limit: 40 })).map((n) => n.status?.id);
    t.notOk(mentions.includes(fromEve.id), 'a private mention from a stranger is dropped');
    t.ok(mentions.includes(fromBen.id), 'one from an account she follows is not');
    t.ok(mentions.includes(publicFromEve.id), 'a public mention is not a private one');
    await c.anna!.v2.notifications.policy.update({ forPrivateMentions: 'accept' });
    const again = await c.eve!.v1.statuses.create({ status: '@anna another private word', visibility: 'direct' });
    t.ok((await c.anna!.v1.notifications.list({ types: ['mention'], limit: 40 })).some((n) => n.status?.id === again.id), 'accepted again');
  });
});
