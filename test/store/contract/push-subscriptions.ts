import type { PushSubscription, Store } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

let seq = 0;

async function token(store: Store, userId: string): Promise<string> {
  const id = String(4_000_000 + ++seq);
  await store.tokens.put({ id, tokenHash: `th-${id}`, userId, appId: null, scopes: ['push'], refreshTokenHash: null, createdAt: '2026-11-01T10:00:00.000Z', expiresAt: null, revokedAt: null, lastUsedAt: null });
  return id;
}

function sub(tokenId: string, userId: string, accountId: string, over: Partial<PushSubscription> = {}): PushSubscription {
  return {
    id: String(5_000_000 + ++seq), tokenId, userId, accountId, endpoint: 'https://push.example/send/æøå?x=1', p256dh: 'BPk', auth: 'au',
    alerts: { mention: true, follow: false }, policy: 'all', standard: true, tokenSealed: 'sealed:1', createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z', ...over,
  };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('push subscriptions: one per token (replaced), by account, update, delete, gone with the login', async (t) => {
    const store = await fresh();
    const user = await putUser(store);
    const t1 = await token(store, user.id);
    const t2 = await token(store, user.id);
    const a = await store.pushSubscriptions.putForToken(sub(t1, user.id, user.actorId));
    t.same(await store.pushSubscriptions.getByToken(t1), a, 'read back as written');
    const replaced = await store.pushSubscriptions.putForToken(sub(t1, user.id, user.actorId, { endpoint: 'https://push.example/other', standard: false }));
    t.equal(await store.pushSubscriptions.getById(a.id), undefined, 'subscribing again replaces');
    t.equal((await store.pushSubscriptions.getByToken(t1))?.endpoint, 'https://push.example/other');
    const b = await store.pushSubscriptions.putForToken(sub(t2, user.id, user.actorId));
    t.same((await store.pushSubscriptions.listByAccount(user.actorId)).map((s) => s.id).sort(), [replaced.id, b.id].sort());
    t.same(await store.pushSubscriptions.listByAccount('nobody'), []);
    const updated = await store.pushSubscriptions.update(b.id, { alerts: { mention: false }, policy: 'followed', updatedAt: '2026-11-02T00:00:00.000Z' });
    t.match(updated, { alerts: { mention: false }, policy: 'followed', endpoint: b.endpoint });
    t.equal(await store.pushSubscriptions.deleteByToken(t2), true);
    t.equal(await store.pushSubscriptions.deleteByToken(t2), false);
    t.equal(await store.pushSubscriptions.delete(replaced.id), true);
    t.equal(await store.pushSubscriptions.delete(replaced.id), false);
    const c = await store.pushSubscriptions.putForToken(sub(t1, user.id, user.actorId));
    await store.users.delete(user.id);
    t.equal(await store.pushSubscriptions.getById(c.id), undefined, 'deleting the login removes its subscriptions');
  });
};

export default suite;
