import { newId } from '../../../src/ids.js';
import type { NotificationPolicy, NotificationType } from '../../../src/store/port.js';
import { putUser } from './fixtures.js';
import type { ContractSuite } from './types.js';
import { putActor } from './follows.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('notifications: idempotent put, filters, paging, count, dismiss, clear, removeWhere', async (t) => {
    const store = await fresh();
    const me = await putActor(store, 'me', null);
    const other = await putActor(store, 'other', null);
    const r = await putActor(store, 'r', 'r.example');
    const s = await putActor(store, 's', 's.example');
    const put = (type: NotificationType, from: string, statusId: string | null = null, accountId = me.id) =>
      store.notifications.put({ id: newId(), accountId, type, fromActorId: from, statusId, createdAt: '2026-01-01T00:00:00.000Z' });
    const f = await put('follow', r.id);
    t.ok(f.created);
    const again = await put('follow', r.id);
    t.notOk(again.created, 'the same cause twice is one notification');
    t.equal(again.notification.id, f.notification.id);
    const fav = (await put('favourite', r.id, '100')).notification;
    const fav2 = (await put('favourite', r.id, '101')).notification;
    const men = (await put('mention', s.id, '100')).notification;
    await put('follow', r.id, null, other.id);
    t.same((await store.notifications.list(me.id, {}, { limit: 10 })).map((n) => n.id), [men.id, fav2.id, fav.id, f.notification.id]);
    t.same((await store.notifications.list(me.id, { types: ['favourite'] }, { limit: 10 })).map((n) => n.id), [fav2.id, fav.id]);
    t.same((await store.notifications.list(me.id, { excludeTypes: ['favourite', 'follow'] }, { limit: 10 })).map((n) => n.id), [men.id]);
    t.same((await store.notifications.list(me.id, { fromActorId: s.id }, { limit: 10 })).map((n) => n.id), [men.id]);
    t.same((await store.notifications.list(me.id, { statusId: '100' }, { limit: 10 })).map((n) => n.id), [men.id, fav.id], 'by status');
    t.same((await store.notifications.list(me.id, { statusId: '100', types: ['favourite'] }, { limit: 10 })).map((n) => n.id), [fav.id]);
    t.equal(await store.notifications.count(me.id, { statusId: '101' }), 1);
    t.same((await store.notifications.list(me.id, {}, { limit: 2, maxId: men.id })).map((n) => n.id), [fav2.id, fav.id]);
    t.same((await store.notifications.list(me.id, {}, { limit: 1, minId: fav.id })).map((n) => n.id), [fav2.id]);
    t.equal(await store.notifications.count(me.id, {}), 4);
    t.equal(await store.notifications.count(me.id, { sinceId: fav.id }), 2);
    t.equal((await store.notifications.getById(me.id, men.id))?.type, 'mention');
    t.equal(await store.notifications.getById(other.id, men.id), undefined, "another account's notification is not found");
    t.equal(await store.notifications.removeWhere({ type: 'favourite', fromActorId: r.id, statusId: '100' }), 1);
    t.equal(await store.notifications.removeWhere({ type: 'follow', fromActorId: r.id, accountId: me.id }), 1, 'only that account');
    t.equal(await store.notifications.count(other.id, {}), 1);
    t.ok(await store.notifications.dismiss(me.id, men.id));
    t.notOk(await store.notifications.dismiss(me.id, men.id));
    t.equal(await store.notifications.clear(me.id), 1);

    // Post subscriptions: only local followers with an accepted follow; unfollowing ends them.
    const f1 = { id: newId(), uri: 'https://local.example/f/1', followerId: me.id, followeeId: r.id, state: 'accepted' as const, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    await store.follows.put(f1);
    await store.follows.put({ ...f1, id: newId(), uri: 'https://local.example/f/2', followerId: other.id, state: 'pending' });
    await store.follows.put({ ...f1, id: newId(), uri: 'https://s.example/f/3', followerId: s.id });
    for (const a of [me, other, s]) await store.notifications.setPostSubscription(a.id, r.id, true);
    t.same(await store.notifications.postSubscribers(r.id), [me.id], 'pending and remote followers are not told');
    t.ok(await store.notifications.isPostSubscribed(me.id, r.id));
    await store.notifications.setPostSubscription(me.id, r.id, false);
    t.notOk(await store.notifications.isPostSubscribed(me.id, r.id));
    await store.notifications.setPostSubscription(me.id, r.id, true);
    await store.follows.delete(f1.id);
    t.notOk(await store.notifications.isPostSubscribed(me.id, r.id), 'unfollowing ends the subscription');
    t.equal(await store.notifications.count(me.id, {}), 0);
  });

  t.test('notification policies: absent until saved, upsert per user, kept whole', async (t) => {
    const store = await fresh();
    const user = await putUser(store);
    const other = await putUser(store);
    t.equal(await store.notifications.getPolicy(user.id), undefined);
    const policy: NotificationPolicy = {
      userId: user.id, forNotFollowing: 'filter', forNotFollowers: 'accept', forNewAccounts: 'drop', forPrivateMentions: 'filter', forLimitedAccounts: 'accept', updatedAt: '2026-01-01T00:00:00.000Z',
    };
    t.same(await store.notifications.putPolicy(policy), policy);
    t.same(await store.notifications.getPolicy(user.id), policy);
    const changed = { ...policy, forNotFollowing: 'accept' as const, forLimitedAccounts: 'drop' as const, updatedAt: '2026-01-02T00:00:00.000Z' };
    await store.notifications.putPolicy(changed);
    t.same(await store.notifications.getPolicy(user.id), changed, 'the second save replaces the first');
    t.equal(await store.notifications.getPolicy(other.id), undefined, "another user's is untouched");
  });
};
export default suite;
