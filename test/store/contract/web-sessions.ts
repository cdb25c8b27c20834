import { StoreConflict, type WebSession } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

let seq = 0;

function session(userId: string, over: Partial<WebSession> = {}): WebSession {
  const n = ++seq;
  return {
    id: String(2_000_000 + n), secretHash: `secret-hash-${n}`, userId, createdAt: '2026-11-01T10:00:00.000Z',
    lastSeenAt: '2026-11-01T10:00:00.000Z', expiresAt: '2026-11-02T10:00:00.000Z', userAgent: 'Mozilla/5.0 (Ærøskøbing) 🦊', ip: '192.0.2.10', ...over,
  };
}

/** Everything but transactions: also run by test/store/mongodb-fake-web-sessions.test.ts, whose fake driver has none. */
export const repository: ContractSuite = (t, fresh) => {
  t.test('webSessions: put and get by secret hash, nulls kept; unknown hash; hash and id are unique', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const s1 = await store.webSessions.put(session(u.id));
    const s2 = await store.webSessions.put(session(u.id, { userAgent: null, ip: null }));
    t.same(await store.webSessions.getBySecretHash(s1.secretHash), s1);
    t.same(await store.webSessions.getBySecretHash(s2.secretHash), s2, 'null user agent and ip read back as null');
    t.equal(await store.webSessions.getBySecretHash('no-such-hash'), undefined);
    await t.rejects(store.webSessions.put(session(u.id, { secretHash: s1.secretHash })), StoreConflict, 'a secret hash is one session');
    await t.rejects(store.webSessions.put(session(u.id, { id: s1.id })), StoreConflict, 'an id is one session');
    t.same(await store.webSessions.getBySecretHash(s1.secretHash), s1, 'a refused put changes nothing');
    t.equal((await store.webSessions.listForUser(u.id)).length, 2);
  });

  t.test('webSessions: touch moves lastSeenAt and expiresAt only; an unknown id is a no-op', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const s = await store.webSessions.put(session(u.id));
    const other = await store.webSessions.put(session(u.id));
    await store.webSessions.touch(s.id, '2026-11-01T11:00:00.000Z', '2026-11-02T11:00:00.000Z');
    t.same(await store.webSessions.getBySecretHash(s.secretHash), { ...s, lastSeenAt: '2026-11-01T11:00:00.000Z', expiresAt: '2026-11-02T11:00:00.000Z' });
    t.same(await store.webSessions.getBySecretHash(other.secretHash), other, 'other sessions untouched');
    await store.webSessions.touch('9999999', '2026-11-01T12:00:00.000Z', '2026-11-02T12:00:00.000Z');
    t.same((await store.webSessions.listForUser(u.id)).map((x) => x.id).sort(), [s.id, other.id].sort(), 'no session created');
    t.equal(await store.webSessions.deleteExpired('2026-11-02T10:00:00.000Z'), 1, 'the moved expiry is what deleteExpired sees');
    t.same((await store.webSessions.listForUser(u.id)).map((x) => x.id), [s.id]);
  });

  t.test('webSessions: delete says whether it removed one', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const s = await store.webSessions.put(session(u.id));
    const keep = await store.webSessions.put(session(u.id));
    t.equal(await store.webSessions.delete(s.id), true);
    t.equal(await store.webSessions.getBySecretHash(s.secretHash), undefined);
    t.equal(await store.webSessions.delete(s.id), false);
    t.equal(await store.webSessions.delete('9999999'), false);
    t.same(await store.webSessions.listForUser(u.id), [keep]);
  });

  t.test('webSessions: deleteAllForUser ends all of one user, or all but one; others keep theirs', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    const [a1, a2, a3] = [await store.webSessions.put(session(a.id)), await store.webSessions.put(session(a.id)), await store.webSessions.put(session(a.id))];
    const b1 = await store.webSessions.put(session(b.id));
    t.equal(await store.webSessions.deleteAllForUser(a.id, a2.id), 2, 'all but the one changing the password');
    t.same(await store.webSessions.listForUser(a.id), [a2]);
    t.equal(await store.webSessions.getBySecretHash(a1.secretHash), undefined);
    t.equal(await store.webSessions.getBySecretHash(a3.secretHash), undefined);
    t.equal(await store.webSessions.deleteAllForUser(a.id, b1.id), 1, 'an exceptId of another user spares nothing of this one');
    t.same(await store.webSessions.listForUser(a.id), []);
    t.equal(await store.webSessions.deleteAllForUser(a.id), 0);
    t.same(await store.webSessions.listForUser(b.id), [b1], 'the other user keeps its session');
    t.equal(await store.webSessions.deleteAllForUser(b.id), 1);
    t.same(await store.webSessions.listForUser(b.id), []);
  });

  t.test('webSessions: listForUser is ordered by createdAt, then id, and holds only that user', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    // Inserted so that neither id order nor insertion order gives the expected order.
    const late = await store.webSessions.put(session(a.id, { id: '3000005', createdAt: '2026-11-01T12:00:00.000Z' }));
    const earlyHigh = await store.webSessions.put(session(a.id, { id: '3000009', createdAt: '2026-11-01T09:00:00.000Z' }));
    const earlyLow = await store.webSessions.put(session(a.id, { id: '3000003', createdAt: '2026-11-01T09:00:00.000Z' }));
    await store.webSessions.put(session(b.id, { id: '3000001', createdAt: '2026-11-01T08:00:00.000Z' }));
    t.same(await store.webSessions.listForUser(a.id), [earlyLow, earlyHigh, late]);
    t.same(await store.webSessions.listForUser('u-none'), []);
  });

  t.test('webSessions: deleteExpired removes exactly those expiring at or before the time', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    const at = '2026-11-02T10:00:00.000Z';
    await store.webSessions.put(session(a.id, { expiresAt: '2026-11-02T09:59:59.999Z' }));
    await store.webSessions.put(session(b.id, { expiresAt: at }));
    const later = await store.webSessions.put(session(a.id, { expiresAt: '2026-11-02T10:00:00.001Z' }));
    const muchLater = await store.webSessions.put(session(b.id, { expiresAt: '2027-01-01T00:00:00.000Z' }));
    t.equal(await store.webSessions.deleteExpired(at), 2, 'before and at the time, across users');
    t.same(await store.webSessions.listForUser(a.id), [later]);
    t.same(await store.webSessions.listForUser(b.id), [muchLater]);
    t.equal(await store.webSessions.deleteExpired(at), 0);
  });

  t.test('webSessions: deleting a user deletes its sessions, and only its', async (t) => {
    const store = await fresh();
    const a = await putUser(store);
    const b = await putUser(store);
    const a1 = await store.webSessions.put(session(a.id));
    await store.webSessions.put(session(a.id));
    const b1 = await store.webSessions.put(session(b.id));
    t.equal(await store.users.delete(a.id), true);
    t.equal(await store.webSessions.getBySecretHash(a1.secretHash), undefined);
    t.same(await store.webSessions.listForUser(a.id), []);
    t.equal(await store.webSessions.deleteAllForUser(a.id), 0, 'gone, not hidden');
    t.same(await store.webSessions.listForUser(b.id), [b1]);
  });
};

const transactions: ContractSuite = (t, fresh) => {
  t.test('webSessions: a transaction commits its session writes together or rolls them all back', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const kept = await store.webSessions.put(session(u.id));
    const added = session(u.id);
    await t.rejects(store.transaction(async (tx) => {
      await tx.webSessions.put(added);
      t.same(await tx.webSessions.getBySecretHash(added.secretHash), added, 'visible inside');
      await tx.webSessions.touch(kept.id, '2026-11-01T11:00:00.000Z', '2026-11-03T10:00:00.000Z');
      t.equal(await tx.webSessions.delete(kept.id), true);
      throw new Error('boom');
    }), /boom/);
    t.equal(await store.webSessions.getBySecretHash(added.secretHash), undefined, 'the put is rolled back');
    t.same(await store.webSessions.listForUser(u.id), [kept], 'the touch and the delete are rolled back');

    const n = await store.transaction(async (tx) => {
      await tx.webSessions.put(added);
      return tx.webSessions.deleteAllForUser(u.id, added.id);
    });
    t.equal(n, 1);
    t.same(await store.webSessions.listForUser(u.id), [added], 'committed together');
  });
};

const suite: ContractSuite = (t, fresh) => {
  repository(t, fresh);
  transactions(t, fresh);
};
export default suite;
