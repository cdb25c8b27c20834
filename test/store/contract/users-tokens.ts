import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import type { AccessToken, Store, User } from '../../../src/store/port.js';

async function localActor(store: Store, username: string) {
  const uri = `https://local.example/users/${username}`;
  return store.actors.put({
    id: newId(), uri, username, domain: null, type: 'Person', displayName: username, summary: '', url: null, inbox: `${uri}/inbox`, sharedInbox: null,
    outbox: null, followersUri: null, followingUri: null, featuredUri: null, publicKeyId: `${uri}#main-key`, publicKeyPem: 'PEM', privateKeyPem: 'PRIV',
    manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw: null, fetchedAt: null, suspendedAt: null,
  });
}

function user(actorId: string, extra: Partial<User> = {}): User {
  return { id: newId(), actorId, role: 'user', staffRole: 'author', email: null, passwordHash: 'scrypt$x', mustChangePassword: false, disabledAt: null, createdAt: new Date().toISOString(), lastActiveAt: null, ...extra };
}

function token(userId: string | null, extra: Partial<AccessToken> = {}): AccessToken {
  return { id: newId(), tokenHash: newId() + 'h', userId, appId: null, scopes: ['read', 'write'], refreshTokenHash: null, createdAt: new Date().toISOString(), expiresAt: null, revokedAt: null, lastUsedAt: null, ...extra };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('users: put/get/update/list, one user per actor, counts by role, enabled and activity', async (t) => {
    const store = await fresh();
    const a = await localActor(store, 'a');
    const b = await localActor(store, 'b');
    const ua = await store.users.put(user(a.id, { role: 'admin', mustChangePassword: true }));
    const ub = await store.users.put(user(b.id, { lastActiveAt: '2026-11-20T00:00:00.000Z' }));
    t.same(await store.users.getById(ua.id), ua);
    t.same(await store.users.getByActorId(b.id), ub);
    await t.rejects(store.users.put(user(a.id)), { name: 'StoreConflict' }, 'one login per actor');
    t.same((await store.users.list()).map((u) => u.id), [ua.id, ub.id]);
    t.equal(await store.users.count(), 2);
    t.equal(await store.users.count({ role: 'admin' }), 1);
    t.equal(await store.users.count({ staffRole: 'author' }), 2);
    t.equal((await store.users.update(ua.id, { staffRole: 'publisher' }))!.staffRole, 'publisher');
    t.equal(await store.users.count({ staffRole: 'publisher' }), 1, 'counts by staff role');
    await store.users.update(ub.id, { disabledAt: '2026-11-21T00:00:00.000Z' });
    t.equal(await store.users.count({ enabledOnly: true }), 1);
    t.equal(await store.users.countActiveSince('2026-11-01T00:00:00.000Z'), 0, 'disabled users are not active');
    await store.users.update(ua.id, { lastActiveAt: '2026-11-22T00:00:00.000Z' });
    t.equal(await store.users.countActiveSince('2026-11-01T00:00:00.000Z'), 1);
    t.equal(await store.users.countActiveSince('2026-11-23T00:00:00.000Z'), 0);
    t.equal((await store.users.getById(ua.id))?.mustChangePassword, true);
  });

  t.test('tokens: by hash and refresh hash; revoke one or all of a user; touch; unique hashes', async (t) => {
    const store = await fresh();
    const a = await localActor(store, 'a');
    const ua = await store.users.put(user(a.id));
    const t1 = await store.tokens.put(token(ua.id, { refreshTokenHash: 'r1' }));
    const t2 = await store.tokens.put(token(ua.id));
    const app = await store.tokens.put(token(null, { appId: 'app1', scopes: ['read'] }));
    t.same(await store.tokens.getByHash(t1.tokenHash), t1);
    t.same(await store.tokens.getByRefreshHash('r1'), t1);
    t.equal(await store.tokens.getByHash('nope'), undefined);
    await t.rejects(store.tokens.put(token(ua.id, { tokenHash: t1.tokenHash })), { name: 'StoreConflict' });
    await store.tokens.touch(t2.id, '2026-11-22T00:00:00.000Z');
    t.equal((await store.tokens.getByHash(t2.tokenHash))?.lastUsedAt, '2026-11-22T00:00:00.000Z');
    await store.tokens.revoke(t1.id, '2026-11-22T01:00:00.000Z');
    await store.tokens.revoke(t1.id, '2026-11-22T02:00:00.000Z');
    t.equal((await store.tokens.getByHash(t1.tokenHash))?.revokedAt, '2026-11-22T01:00:00.000Z', 'a second revoke keeps the first time');
    t.equal(await store.tokens.revokeAllForUser(ua.id, '2026-11-22T03:00:00.000Z'), 1, 'only the live one');
    t.equal((await store.tokens.getByHash(app.tokenHash))?.revokedAt, null, 'app tokens untouched');
    t.same((await store.tokens.listForUser(ua.id)).map((x) => x.id), [t1.id, t2.id]);
  });
};
export default suite;
